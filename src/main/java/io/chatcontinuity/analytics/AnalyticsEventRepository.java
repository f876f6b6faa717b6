package io.chatcontinuity.analytics;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Analytics events in Postgres. A request's events go in as one statement (the batch unnested from three arrays), so
 * they are stored all together or not at all, in one round trip. It uses the reactive SQL client rather than Panache,
 * which would insert them row by row.
 */
@ApplicationScoped
class AnalyticsEventRepository {

    private static final String INSERT_BATCH = """
            insert into analytics_events (app_id, visitor_id, session_id, type, at, props, received_at)
            select $1, $2, $3, e.type, e.at, nullif(e.props, '')::jsonb, $4
            from unnest($5::varchar[], $6::timestamptz[], $7::text[]) as e(type, at, props)
            """;

    private final Pool postgres;

    AnalyticsEventRepository(Pool postgres) {
        this.postgres = postgres;
    }

    /** Stores the events of one session; answers how many were stored. */
    Uni<Integer> insertAll(
            String appId, String visitorId, String sessionId, List<AnalyticsEvent> events, Instant receivedAt) {
        Tuple params = Tuple.tuple()
                .addString(appId)
                .addString(visitorId)
                .addString(sessionId)
                .addOffsetDateTime(utc(receivedAt))
                .addArrayOfString(events.stream().map(AnalyticsEvent::type).toArray(String[]::new))
                .addArrayOfOffsetDateTime(events.stream().map(e -> utc(e.at())).toArray(OffsetDateTime[]::new))
                .addArrayOfString(events.stream()
                        .map(e -> e.propsJson() == null ? "" : e.propsJson())
                        .toArray(String[]::new));
        return postgres.preparedQuery(INSERT_BATCH).execute(params).map(SqlResult::rowCount);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
