package io.chatcontinuity.session;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<SessionEntity, String> {

    @WithSession
    public Uni<SessionEntity> load(String sessionId) {
        return findById(sessionId);
    }

    public Uni<Integer> end(String sessionId, String reason, Instant at) {
        return update("endedAt = ?1, endReason = ?2 where id = ?3 and endedAt is null", at, reason, sessionId);
    }

    public Uni<java.util.List<SessionEntity>> findActiveOfVisitor(String appId, String visitorId) {
        return list("appId = ?1 and visitorId = ?2 and endedAt is null", appId, visitorId);
    }

    @WithTransaction
    public Uni<Integer> markSeen(String sessionId, Instant at) {
        return update("lastSeenAt = ?1 where id = ?2 and endedAt is null", at, sessionId);
    }
}
