package io.chatcontinuity.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** An identified user of an app: the brand's user id, and the visitor id and conversation it always maps to. */
@Entity
@Table(name = "end_users")
@IdClass(EndUserEntity.Key.class)
public class EndUserEntity {
    @Id
    @Column(name = "app_id")
    public String appId;

    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(name = "visitor_id")
    public String visitorId;

    @Column(name = "conversation_id")
    public String conversationId;

    @Column(name = "created_at")
    public Instant createdAt;

    public record Key(String appId, String userId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
