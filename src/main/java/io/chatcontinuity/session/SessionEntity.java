package io.chatcontinuity.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "sessions")
public class SessionEntity {
    @Id
    public String id;

    @Column(name = "app_id")
    public String appId;

    @Column(name = "visitor_id")
    public String visitorId;

    public boolean authenticated;

    @Column(name = "conversation_id")
    public String conversationId;

    @Column(name = "has_messages")
    public boolean hasMessages;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "end_reason")
    public String endReason;
}
