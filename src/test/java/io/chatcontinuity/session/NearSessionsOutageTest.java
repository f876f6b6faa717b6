package io.chatcontinuity.session;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chatcontinuity.support.StoresBehindProxies;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Copies of sessions are only answered while end notices can arrive: they go with the subscription, not with their
 * time to live (set far longer here, so that only the subscription can explain what the test sees).
 */
@QuarkusTest
@TestProfile(NearSessionsOutageTest.LongLivedCopies.class)
@QuarkusTestResource(value = StoresBehindProxies.class, restrictToAnnotatedClass = true)
class NearSessionsOutageTest {

    public static class LongLivedCopies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.sessions.near-cache-ttl", "10m");
        }
    }

    @Inject
    NearSessions near;

    @Inject
    Vertx vertx;

    @AfterEach
    void restore() {
        StoresBehindProxies.restoreAndAwaitReady();
    }

    @Test
    void copiesDoNotOutliveALostSubscription() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String token = started.getString("token");
        String sessionId = started.getString("session.id");
        given().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(200);
        assertNotNull(near.get(sessionId));

        StoresBehindProxies.redis.cut();

        await().atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> given().auth()
                        .oauth2(token)
                        .get("/v1/sessions/current")
                        .then()
                        .statusCode(503));
        assertNull(near.get(sessionId));

        // Meanwhile another instance, which still reaches Redis, ends the session; this instance cannot hear of it.
        endBehindTheProxysBack(sessionId);
        StoresBehindProxies.redis.restore();

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            int status =
                    given().auth().oauth2(token).get("/v1/sessions/current").statusCode();
            assertNotEquals(200, status, "a copy outlived the lost subscription");
            return status == 401;
        });
        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current")
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
    }

    @Test
    void copiesAreUsedAgainOnceTheSubscriptionIsBack() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        String sessionId = given().auth()
                .oauth2(token)
                .get("/v1/sessions/current")
                .then()
                .statusCode(200)
                .extract()
                .path("id");

        StoresBehindProxies.redis.cut();
        await().atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> given().auth()
                        .oauth2(token)
                        .get("/v1/sessions/current")
                        .then()
                        .statusCode(503));
        StoresBehindProxies.redis.restore();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            given().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(200);
            assertNotNull(near.get(sessionId));
        });
    }

    private void endBehindTheProxysBack(String sessionId) {
        Redis direct = Redis.createClient(vertx, StoresBehindProxies.redisBehind);
        try {
            RedisAPI.api(direct)
                    .hset(List.of(SessionStore.key(sessionId), "ended", "1"))
                    .await()
                    .atMost(Duration.ofSeconds(5));
        } finally {
            direct.close();
        }
    }
}
