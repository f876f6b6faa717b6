package io.chatcontinuity.conversation;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.chatcontinuity.conversation.MessageResourceTest.post;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Conversations through store outages: Redis down costs nothing but live fan-out, Postgres down writes nothing. */
@QuarkusTest
@QuarkusTestResource(value = StoresBehindProxies.class, restrictToAnnotatedClass = true)
class ConversationOutageTest {

    @Inject
    Pool postgres;

    @AfterEach
    void restore() {
        StoresBehindProxies.postgres.restore();
        StoresBehindProxies.redis.restore();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void withRedisDownMessagesArePostedAndReadFromPostgres() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        post(token, "before", "before the outage").then().statusCode(201);

        StoresBehindProxies.redis.cut();

        String id = post(token, "during", "during the outage").then().statusCode(201).extract().path("id");
        post(token, "during", "during the outage").then().statusCode(200).body("id", equalTo(id));
        post(token, "during", "something else").then().statusCode(409);
        given().auth().oauth2(token).get("/v1/sessions/current/messages").then().statusCode(200)
                .body("messages.text", equalTo(List.of("during the outage", "before the outage")));
    }

    @Test
    void withPostgresDownAPostIs503AndNothingIsWritten() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        post(token, "before", "before the outage").then().statusCode(201);

        StoresBehindProxies.postgres.cut();

        post(token, "during", "during the outage").then().statusCode(503)
                .contentType("application/problem+json").body("type", equalTo("/problems/unavailable"))
                .header("Retry-After", notNullValue());
        given().auth().oauth2(token).get("/v1/sessions/current/messages").then().statusCode(503);

        StoresBehindProxies.postgres.restore();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(token).get("/v1/sessions/current/messages").then().statusCode(200)
                        .body("messages.text", equalTo(List.of("before the outage"))));
        post(token, "during", "during the outage").then().statusCode(201);
    }

    @Test
    void withPostgresDownAnErasureIs503AndErasesNothing() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        String continuity = given().auth().oauth2(app.getString("apiKey")).contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("userId", "user-61")).post("/v1/apps/" + appId + "/continuity-tokens")
                .then().statusCode(201).extract().path("continuityToken");
        String token = given().contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("continuityToken", continuity)).post("/v1/apps/" + appId + "/sessions")
                .then().statusCode(201).extract().path("token");
        post(token, "kept", "kept through a failed erasure").then().statusCode(201);

        StoresBehindProxies.postgres.cut();
        given().auth().oauth2(app.getString("apiKey")).delete("/v1/apps/" + appId + "/users/user-61")
                .then().statusCode(503).body("type", equalTo("/problems/unavailable"));
        StoresBehindProxies.postgres.restore();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(app.getString("apiKey")).get("/v1/apps/" + appId + "/users/user-61/export")
                        .then().statusCode(200)
                        .body("conversation.messages.text", equalTo(List.of("kept through a failed erasure"))));
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
            assertNotNull(caughtUp, "the message written during the outage arrives once Redis is back (stream still "
                    + "beating: " + (stream.nextHeartbeat(Duration.ofSeconds(3)) != null) + ")");
            assertEquals("written elsewhere during the outage", JsonPath.from(caughtUp.data()).getString("text"));
        }
    }

    private void insertAsAnotherInstanceWould(String conversationId, String text) {
        postgres.preparedQuery("""
                        with conversation as (
                            update conversations set last_seq = last_seq + 1 where id = $1 returning last_seq)
                        insert into messages (conversation_id, seq, id, client_message_id, author, text, created_at)
                        select $1, last_seq, $2, $2, 'agent', $3, $4 from conversation""")
                .execute(Tuple.of(conversationId, "msg_elsewhere_" + System.nanoTime(), text,
                        OffsetDateTime.now(ZoneOffset.UTC)))
                .await().atMost(Duration.ofSeconds(5));
    }
}
