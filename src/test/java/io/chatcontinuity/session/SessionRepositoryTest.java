package io.chatcontinuity.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.support.TestApps;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionRepositoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool postgres;

    @Inject
    SessionRepository sessions;

    @Test
    void markSeenMovesTheLastSeenTimeOfAnOpenSessionWithoutAPanacheSession() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MICROS);
        String sessionId = insertSession(longAgo, null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        assertEquals(1, sessions.markSeen(sessionId, now).await().atMost(WAIT));

        assertEquals(now, lastSeen(sessionId));
    }

    @Test
    void markSeenLeavesAnEndedSessionAsItEnded() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MICROS);
        String sessionId = insertSession(longAgo, longAgo);

        assertEquals(0, sessions.markSeen(sessionId, Instant.now()).await().atMost(WAIT));

        assertEquals(longAgo, lastSeen(sessionId));
    }

    private String insertSession(Instant seen, Instant ended) {
        String sessionId = Secrets.randomId("ses");
        postgres.preparedQuery("insert into sessions (id, app_id, visitor_id, authenticated, conversation_id, "
                        + "has_messages, created_at, last_seen_at, ended_at) values ($1, $2, $3, false, $4, false, $5, "
                        + "$5, $6)")
                .execute(Tuple.tuple(List.of(
                                sessionId,
                                TestApps.create().getString("appId"),
                                Secrets.randomId("vis"),
                                Secrets.randomId("conv"),
                                seen.atOffset(ZoneOffset.UTC)))
                        .addOffsetDateTime(ended == null ? null : ended.atOffset(ZoneOffset.UTC)))
                .await()
                .atMost(WAIT);
        return sessionId;
    }

    private Instant lastSeen(String sessionId) {
        return postgres.preparedQuery("select last_seen_at from sessions where id = $1")
                .execute(Tuple.of(sessionId))
                .await()
                .atMost(WAIT)
                .iterator()
                .next()
                .getOffsetDateTime("last_seen_at")
                .toInstant();
    }
}
