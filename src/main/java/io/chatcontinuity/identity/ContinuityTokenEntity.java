package io.chatcontinuity.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A continuity token of a user, kept only as its hash. */
@Entity
@Table(name = "continuity_tokens")
public class ContinuityTokenEntity {
    @Id
    @Column(name = "token_hash", columnDefinition = "char(64)")
    public String tokenHash;

    @Column(name = "app_id")
    public String appId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "created_at")
    public Instant createdAt;
}
