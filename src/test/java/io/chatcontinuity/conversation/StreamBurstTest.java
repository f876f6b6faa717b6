package io.chatcontinuity.conversation;

import static io.chatcontinuity.conversation.MessageResourceTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.support.EventStreamClient;
import io.chatcontinuity.support.EventStreamClient.Event;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A reconnect storm in miniature against a Redis pool that is busy by construction: three of its five connections
 * hold the instance's subscriptions, so the burst's session reads, keep-alives and subscriptions share two. A busy
 * pool is load: every stream opens (no 503) and nothing is logged as an error or as an overflowing pool.
 */
@QuarkusTest
@TestProfile(StreamBurstTest.SmallRedisPool.class)
class StreamBurstTest {

    private static final int SESSIONS = 10;
    private static final int STREAMS_PER_SESSION = 8;
    private static final Duration WAIT = Duration.ofSeconds(20);

    public static class SmallRedisPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.max-pool-size", "5");
        }
    }

    @Test
    void aBurstOfOpensOnABusyPoolWaitsItsTurnAndIsNotLoggedAsAFailure() throws Exception {
        String appId = TestApps.create().getString("appId");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            tokens.add(TestSessions.anonymousToken(appId));
        }
        ConcurrentLinkedQueue<LogRecord> logged = new ConcurrentLinkedQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = String.valueOf(record.getMessage()) + record.getThrown();
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()
                        || text.contains("ConnectionPoolTooBusy")
                        || text.contains("unavailable")) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<EventStreamClient> streams = new ArrayList<>();
        ExecutorService opening = Executors.newFixedThreadPool(SESSIONS * STREAMS_PER_SESSION);
        try {
            List<Future<EventStreamClient>> opened = new ArrayList<>();
            for (int i = 0; i < SESSIONS * STREAMS_PER_SESSION; i++) {
                String token = tokens.get(i % SESSIONS);
                opened.add(opening.submit(
                        () -> EventStreamClient.open("http://localhost:" + RestAssured.port, token, null)));
            }
            for (Future<EventStreamClient> stream : opened) {
                streams.add(stream.get());
            }
            streams.forEach(stream -> assertEquals(200, stream.status(), "every stream of the burst opens"));

            post(tokens.get(0), "burst-1", "After the storm").then().statusCode(201);
            for (int i = 0; i < streams.size(); i += SESSIONS) {
                Event message = streams.get(i).next(WAIT);
                assertNotNull(message, "the stream is live after the burst");
                assertEquals("After the storm", JsonPath.from(message.data()).getString("text"));
            }
            assertTrue(logged.isEmpty(), () -> "logged during the burst: " + describe(logged));
        } finally {
            root.removeHandler(capture);
            opening.shutdownNow();
            streams.forEach(EventStreamClient::close);
        }
    }

    private static String describe(ConcurrentLinkedQueue<LogRecord> records) {
        return records.stream()
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown())
                .toList()
                .toString();
    }
}
