package io.chatcontinuity.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An API key of a brand backend, kept only as the hash of the key. */
@Entity
@Table(name = "api_keys")
public class ApiKeyEntity {
    @Id
    public String id;

    @Column(name = "app_id")
    public String appId;

    @Column(name = "key_hash", columnDefinition = "char(64)")
    public String keyHash;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
