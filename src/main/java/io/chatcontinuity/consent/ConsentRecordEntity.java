package io.chatcontinuity.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One entry of the consent record: a decision and the raw signal it was made from. Appended, never changed. */
@Entity
@Table(name = "consent_records")
public class ConsentRecordEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "app_id")
    public String appId;

    @Column(name = "visitor_id")
    public String visitorId;

    @Column(name = "session_id")
    public String sessionId;

    public String mode;
    public String policy;

    @Column(name = "raw_input")
    public String rawInput;

    @Column(name = "gdpr_applies")
    public Boolean gdprApplies;

    public String outcome;
    public String basis;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] reasons;

    @Column(name = "cmp_id")
    public Integer cmpId;

    @Column(name = "cmp_version")
    public Integer cmpVersion;

    @Column(name = "policy_version")
    public Integer policyVersion;

    @Column(name = "tc_created")
    public Instant tcCreated;

    @Column(name = "tc_last_updated")
    public Instant tcLastUpdated;

    @Column(name = "vendor_list_version")
    public Integer vendorListVersion;

    @Column(name = "decided_at")
    public Instant decidedAt;
}
