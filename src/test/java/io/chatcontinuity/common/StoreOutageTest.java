package io.chatcontinuity.common;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.chatcontinuity.support.StoresBehindProxies;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What callers see while Postgres or Redis is down: 503 with Retry-After, never another 5xx, nothing half-written. */
@QuarkusTest
@QuarkusTestResource(value = StoresBehindProxies.class, restrictToAnnotatedClass = true)
class StoreOutageTest {

    @AfterEach
    void restore() {
        StoresBehindProxies.restoreAndAwaitReady();
    }

    @Test
    void postgresDownAnswers503ForWritesWhileCachedTokensAndConfigKeepWorking() {
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        given().get("/v1/apps/" + appId + "/widget-config").then().statusCode(200);

        StoresBehindProxies.postgres.cut();

        given().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(200);
        given().get("/v1/apps/" + appId + "/widget-config").then().statusCode(200);
        // A new anonymous session is written to Redis alone until its first message, so it needs no Postgres.
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "during", "text", "needs Postgres"))
                .post("/v1/sessions/current/messages")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unavailable"))
                .body("detail", not(containsString("Exception")))
                .header("Retry-After", notNullValue());
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .get("/v1/admin/apps/" + appId)
                .then()
                .statusCode(503)
                .body("type", equalTo("/problems/unavailable"));
        given().get("/q/health/ready").then().statusCode(503);
    }

    @Test
    void redisDownAnswers503ForSessionsAndWritesNothing() {
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        given().get("/v1/apps/" + appId + "/widget-config").then().statusCode(200);

        StoresBehindProxies.redis.cut();

        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current")
                .then()
                .statusCode(503)
                .body("type", equalTo("/problems/unavailable"))
                .header("Retry-After", notNullValue());
        given().auth().oauth2(token).delete("/v1/sessions/current").then().statusCode(503);
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(503);
        given().get("/v1/apps/" + appId + "/widget-config").then().statusCode(200);

        StoresBehindProxies.redis.restore();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(token)
                        .get("/v1/sessions/current")
                        .then()
                        .statusCode(200));
    }
}
