package io.chatcontinuity.session;

import static io.chatcontinuity.session.RedisOnlySessionTest.postMessage;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RedisLossTest {

    @Inject
    RedisDataSource redis;

    @Test
    void redisFlushKeepsValidTokensWorkingAndRevokedOnesRefused() {
        String appId = TestApps.create().getString("appId");
        var kept = TestSessions.startAnonymous(appId);
        String revoked = TestSessions.anonymousToken(appId);
        given().auth().oauth2(revoked).delete("/v1/sessions/current").then().statusCode(204);

        redis.execute("FLUSHDB");

        given().auth()
                .oauth2(kept.getString("token"))
                .get("/v1/sessions/current")
                .then()
                .statusCode(200)
                .body("id", equalTo(kept.getString("session.id")))
                .body("conversationId", equalTo(kept.getString("conversationId")));
        given().auth().oauth2(revoked).get("/v1/sessions/current").then().statusCode(401);

        redis.execute("FLUSHDB");
        given().auth().oauth2(revoked).get("/v1/sessions/current").then().statusCode(401);
    }

    @Test
    void aSessionKeptInRedisAloneIsRebuiltFromItsTokenAfterAFlushAndKeepsItsConversation() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String token = started.getString("token");

        redis.execute("FLUSHDB");

        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current")
                .then()
                .statusCode(200)
                .body("id", equalTo(started.getString("session.id")))
                .body("visitorId", equalTo(started.getString("session.visitorId")))
                .body("conversationId", equalTo(started.getString("conversationId")));
        postMessage(token, "after-flush", "still here").then().statusCode(201);

        redis.execute("FLUSHDB");

        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(200)
                .body("conversationId", equalTo(started.getString("conversationId")));
        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(200)
                .body("messages.text", equalTo(List.of("still here")));
    }

    @Test
    void erasedSessionsStayRefusedAfterAFlush() {
        JsonPath app = TestApps.create(Map.of("sessionMerge", true));
        String appId = app.getString("appId");
        String anonymous = TestSessions.anonymousToken(appId);
        postMessage(anonymous, "a-1", "before login").then().statusCode(201);
        String continuity = given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "user-erased-then-flushed"))
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("continuityToken");
        String identified = given().auth()
                .oauth2(anonymous)
                .contentType(ContentType.JSON)
                .body(Map.of("continuityToken", continuity, "merge", true))
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .body("merged", equalTo(true))
                .extract()
                .path("token");
        given().auth()
                .oauth2(app.getString("apiKey"))
                .delete("/v1/apps/" + appId + "/users/user-erased-then-flushed")
                .then()
                .statusCode(204);

        redis.execute("FLUSHDB");

        given().auth().oauth2(anonymous).get("/v1/sessions/current").then().statusCode(401);
        given().auth().oauth2(identified).get("/v1/sessions/current").then().statusCode(401);
        postMessage(anonymous, "a-2", "after erasure").then().statusCode(401);
    }
}
