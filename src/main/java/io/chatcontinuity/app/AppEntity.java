package io.chatcontinuity.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The apps row. Origins and settings are JSON documents: the service reads them whole and never queries inside. */
@Entity
@Table(name = "apps")
public class AppEntity {
    @Id
    public String id;

    public String name;

    @Column(name = "allowed_origins")
    public String allowedOrigins;

    public String settings;

    @Column(name = "identity_secret")
    public String identitySecret;

    @Column(name = "config_version")
    public int configVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
