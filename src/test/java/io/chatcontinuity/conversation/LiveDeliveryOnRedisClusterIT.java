package io.chatcontinuity.conversation;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatcontinuity.support.EventStreamClient;
import io.chatcontinuity.support.EventStreamClient.Event;
import io.chatcontinuity.support.LocalRedisCluster;
import io.chatcontinuity.support.ServiceInstances;
import io.chatcontinuity.support.ServiceInstances.Instance;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service (on the machine's or an embedded Postgres) on a real three-master Redis
 * Cluster ({@code quarkus.redis.client-type=cluster}): sessions, rate limits, live messages (shard channels) and
 * logouts work across instances, and a conversation's messages travel only through the node that owns its channel's
 * slot, to the instances holding it.
 */
class LiveDeliveryOnRedisClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static LocalRedisCluster cluster;
    private static ServiceInstances instances;
    private static Instance a;
    private static Instance b;

    @BeforeAll
    static void start() {
        assumeTrue(
                LocalRedisCluster.installed(),
                "redis-server and redis-cli are not installed: no Redis Cluster to run on");
        cluster = LocalRedisCluster.start();
        instances = ServiceInstances.start(
                2, Map.of("QUARKUS_REDIS_HOSTS", cluster.hosts(), "QUARKUS_REDIS_CLIENT_TYPE", "cluster"));
        a = instances.get(0);
        b = instances.get(1);
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMessagePostedOnOneInstanceReachesStreamsOnTheOtherThroughItsShardChannel() {
        String appId = a.createApp("On a cluster", Map.of()).getString("appId");
        String token = a.newSessionToken(appId);
        String conversationId = b.request()
                .auth()
                .oauth2(token)
                .get("/v1/sessions/current")
                .then()
                .statusCode(200)
                .extract()
                .path("conversationId");
        String channel = LiveMessages.channel(conversationId);
        assertEquals(0, shardSubscribers(channel));
        try (EventStreamClient onB = EventStreamClient.open(b.url(), token, null)) {
            assertNotNull(onB.nextHeartbeat(WAIT), "the stream started");
            assertEquals(1, shardSubscribers(channel), "B, and only B, holds the conversation's shard channel");
            a.postMessage(token, "c-1", "written on A").then().statusCode(201);
            assertEquals("written on A", text(onB.next(WAIT)));
            b.postMessage(token, "c-2", "written on B").then().statusCode(201);
            assertEquals("written on B", text(onB.next(WAIT)));
        }
        await().atMost(WAIT).until(() -> shardSubscribers(channel) == 0);
    }

    @Test
    void aLogoutOnOneInstanceEndsStreamsAndTokensOnTheOther() {
        String appId = a.createApp("On a cluster", Map.of()).getString("appId");
        String token = a.newSessionToken(appId);
        try (EventStreamClient onB = EventStreamClient.open(b.url(), token, null)) {
            assertNotNull(onB.nextHeartbeat(WAIT));
            a.request()
                    .auth()
                    .oauth2(token)
                    .delete("/v1/sessions/current")
                    .then()
                    .statusCode(204);
            Event ended = onB.next(WAIT);
            assertNotNull(ended);
            assertEquals("ended", ended.name());
        }
        b.request().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(401);
    }

    @Test
    void postLimitsAreCountedAcrossInstancesOnTheCluster() {
        String appId = a.createApp("On a cluster", Map.of()).getString("appId");
        String token = a.newSessionToken(appId);
        int admitted = 0;
        for (int i = 0; i < 40; i++) {
            int status = (i % 2 == 0 ? a : b)
                    .postMessage(token, "limit-" + i, "message " + i)
                    .then()
                    .extract()
                    .statusCode();
            if (status == 201) {
                admitted++;
            } else {
                assertEquals(429, status);
            }
        }
        // 30 a minute per session; instances that learn of each other's counts late may admit a few more.
        assertEquals(true, admitted >= 30 && admitted < 40, "admitted " + admitted + " of 40");
    }

    /** Subscribers of a shard channel, summed over the masters (only the slot's owner has any). */
    private static long shardSubscribers(String channel) {
        long total = 0;
        for (int port : cluster.ports()) {
            String[] reply = cluster.cli(port, "pubsub", "shardnumsub", channel).split("\\s+");
            total += Long.parseLong(reply[reply.length - 1]);
        }
        return total;
    }

    private static String text(Event event) {
        assertNotNull(event, "an event arrived");
        return JsonPath.from(event.data()).getString("text");
    }
}
