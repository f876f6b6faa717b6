package io.chatcontinuity.conversation;

import static io.chatcontinuity.conversation.MessageResourceTest.post;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.chatcontinuity.support.StoresBehindProxies;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Conversations through store outages: Redis down costs nothing but live fan-out, Postgres down writes nothing. */
@QuarkusTest
@QuarkusTestResource(value = StoresBehindProxies.class, restrictToAnnotatedClass = true)
class ConversationOutageTest {

    @AfterEach
    void restore() {
        StoresBehindProxies.restoreAndAwaitReady();
    }

    @Test
    void withRedisDownMessagesArePostedAndReadFromPostgres() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        post(token, "before", "before the outage").then().statusCode(201);

        StoresBehindProxies.redis.cut();

        String id = post(token, "during", "during the outage")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        post(token, "during", "during the outage").then().statusCode(200).body("id", equalTo(id));
        post(token, "during", "something else").then().statusCode(409);
        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(200)
                .body("messages.text", equalTo(List.of("during the outage", "before the outage")));
    }

    @Test
    void withPostgresDownAPostIs503AndNothingIsWritten() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        post(token, "before", "before the outage").then().statusCode(201);

        StoresBehindProxies.postgres.cut();

        post(token, "during", "during the outage")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unavailable"))
                .header("Retry-After", notNullValue());
        given().auth().oauth2(token).get("/v1/sessions/current/messages").then().statusCode(503);

        StoresBehindProxies.postgres.restore();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(token)
                        .get("/v1/sessions/current/messages")
                        .then()
                        .statusCode(200)
                        .body("messages.text", equalTo(List.of("before the outage"))));
        post(token, "during", "during the outage").then().statusCode(201);
    }

    @Test
    void withPostgresDownAnErasureIs503AndErasesNothing() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        String continuity = given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "user-61"))
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("continuityToken");
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("continuityToken", continuity))
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        post(token, "kept", "kept through a failed erasure").then().statusCode(201);

        StoresBehindProxies.postgres.cut();
        given().auth()
                .oauth2(app.getString("apiKey"))
                .delete("/v1/apps/" + appId + "/users/user-61")
                .then()
                .statusCode(503)
                .body("type", equalTo("/problems/unavailable"));
        StoresBehindProxies.postgres.restore();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(app.getString("apiKey"))
                        .get("/v1/apps/" + appId + "/users/user-61/export")
                        .then()
                        .statusCode(200)
                        .body("conversation.messages.text", equalTo(List.of("kept through a failed erasure"))));
    }
}
