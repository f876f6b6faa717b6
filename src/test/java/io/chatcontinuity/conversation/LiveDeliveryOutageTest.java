package io.chatcontinuity.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.chatcontinuity.support.EventStreamClient;
import io.chatcontinuity.support.StoresBehindProxies;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live delivery through a Redis outage. A class of its own, so that it starts with a connection pool no earlier
 * Postgres cut has left dead connections in (a stream's catch-up would spend its retries discovering them).
 */
@QuarkusTest
@QuarkusTestResource(value = StoresBehindProxies.class, restrictToAnnotatedClass = true)
class LiveDeliveryOutageTest {

    @Inject
    Pool postgres;

    @AfterEach
    void restore() {
        StoresBehindProxies.restoreAndAwaitReady();
    }

    @Test
    void liveDeliveryResumesWhenRedisReturnsAndCatchesUpOnWhatItMissed() {
        JsonPath app = TestApps.create();
        String token = TestSessions.anonymousToken(app.getString("appId"));
        String conversationId = BrandMessageResourceTest.conversationWithAMessage(token);
        try (EventStreamClient stream = EventStreamClient.open("http://localhost:" + RestAssured.port, token, null)) {
            assertEquals(200, stream.status());
            StoresBehindProxies.redis.cut();
            // Another instance commits a message while this one cannot hear its announcement.
            insertAsAnotherInstanceWould(conversationId, "written elsewhere during the outage");
            StoresBehindProxies.redis.restore();

            EventStreamClient.Event caughtUp = stream.next(Duration.ofSeconds(20));
            assertNotNull(
                    caughtUp,
                    "the message written during the outage arrives once Redis is back (stream still " + "beating: "
                            + (stream.nextHeartbeat(Duration.ofSeconds(3)) != null) + ")");
            assertEquals(
                    "written elsewhere during the outage",
                    JsonPath.from(caughtUp.data()).getString("text"));
        }
    }

    private void insertAsAnotherInstanceWould(String conversationId, String text) {
        postgres.preparedQuery("""
                        with conversation as (
                            update conversations set last_seq = last_seq + 1 where id = $1 returning last_seq)
                        insert into messages (conversation_id, seq, id, client_message_id, author, text, created_at)
                        select $1, last_seq, $2, $2, 'agent', $3, $4 from conversation""")
                .execute(Tuple.of(
                        conversationId, "msg_elsewhere_" + System.nanoTime(), text, OffsetDateTime.now(ZoneOffset.UTC)))
                .await()
                .atMost(Duration.ofSeconds(5));
    }
}
