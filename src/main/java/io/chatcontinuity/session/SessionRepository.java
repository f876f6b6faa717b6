package io.chatcontinuity.session;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<SessionEntity, String> {

    /**
     * Ends a session, writing its whole row when Postgres has none yet (an anonymous session that lived in Redis
     * alone): Postgres is the truth for revocation, so every ended session has a row. An already ended one keeps its
     * first end.
     */
    private static final String END = """
            insert into sessions as s (id, app_id, visitor_id, authenticated, conversation_id, has_messages, created_at,
                                       last_seen_at, ended_at, end_reason)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)
            on conflict (id) do update set ended_at = excluded.ended_at, end_reason = excluded.end_reason
                where s.ended_at is null""";

    private static final String MARK_SEEN = "update sessions set last_seen_at = $1 where id = $2 and ended_at is null";

    private final Pool pool;

    SessionRepository(Pool pool) {
        this.pool = pool;
    }

    @WithSession
    public Uni<SessionEntity> load(String sessionId) {
        return findById(sessionId);
    }

    /** One auto-committed statement; answers whether this call ended the session (false: it had already ended). */
    public Uni<Boolean> end(LiveSession session, String reason, Instant at) {
        return pool.preparedQuery(END)
                .execute(Tuple.tuple(List.of(
                        session.id(),
                        session.appId(),
                        session.visitorId(),
                        session.authenticated(),
                        session.conversationId(),
                        session.hasMessages(),
                        session.createdAt().atOffset(ZoneOffset.UTC),
                        at.atOffset(ZoneOffset.UTC),
                        reason)))
                .map(rows -> rows.rowCount() > 0);
    }

    @WithSession
    public Uni<List<SessionEntity>> findActiveOfVisitor(String appId, String visitorId) {
        return list("appId = ?1 and visitorId = ?2 and endedAt is null", appId, visitorId);
    }

    /**
     * One auto-committed statement on the pool, outside any Panache session: it runs fire-and-forget on the context of
     * a request that may be using its own session at the same moment. Answers how many rows it changed.
     */
    public Uni<Integer> markSeen(String sessionId, Instant at) {
        return pool.preparedQuery(MARK_SEEN)
                .execute(Tuple.of(at.atOffset(ZoneOffset.UTC), sessionId))
                .map(SqlResult::rowCount);
    }
}
