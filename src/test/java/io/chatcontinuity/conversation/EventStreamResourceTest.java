package io.chatcontinuity.conversation;

import static io.chatcontinuity.conversation.MessageResourceTest.agentPost;
import static io.chatcontinuity.conversation.MessageResourceTest.post;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcontinuity.support.EventStreamClient;
import io.chatcontinuity.support.EventStreamClient.Event;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventStreamResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Test
    void everyOpenStreamOfTheConversationReceivesEachNewMessageOnce() {
        JsonPath app = TestApps.create();
        String token = TestSessions.anonymousToken(app.getString("appId"));
        String conversationId = BrandMessageResourceTest.conversationWithAMessage(token);
        try (EventStreamClient first = open(token, null);
                EventStreamClient second = open(token, null)) {
            assertEquals(200, first.status());
            agentPost(app, conversationId, "a-1", "Hi from an agent").then().statusCode(201);
            post(token, "v-2", "Hi back").then().statusCode(201);
            for (EventStreamClient stream : new EventStreamClient[] {first, second}) {
                Event agent = stream.next(WAIT);
                assertEquals("message", agent.name());
                assertEquals("Hi from an agent", JsonPath.from(agent.data()).getString("text"));
                Event visitor = stream.next(WAIT);
                assertEquals("Hi back", JsonPath.from(visitor.data()).getString("text"));
                assertEquals(Long.parseLong(agent.id()) + 1, Long.parseLong(visitor.id()));
            }
            post(token, "v-2", "Hi back").then().statusCode(200);
            assertEquals(null, first.next(Duration.ofSeconds(2)), "a retry is not a new message");
        }
    }

    @Test
    void aReconnectWithLastEventIdReplaysWhatWasMissedInOrder() {
        JsonPath app = TestApps.create();
        String token = TestSessions.anonymousToken(app.getString("appId"));
        String conversationId = BrandMessageResourceTest.conversationWithAMessage(token);
        String lastSeen;
        try (EventStreamClient stream = open(token, null)) {
            agentPost(app, conversationId, "a-1", "seen").then().statusCode(201);
            lastSeen = stream.next(WAIT).id();
        }
        for (int i = 0; i < 5; i++) {
            agentPost(app, conversationId, "missed-" + i, "missed " + i).then().statusCode(201);
        }
        try (EventStreamClient stream = open(token, lastSeen)) {
            for (int i = 0; i < 5; i++) {
                Event replayed = stream.next(WAIT);
                assertNotNull(replayed, "replayed message " + i);
                assertEquals("missed " + i, JsonPath.from(replayed.data()).getString("text"));
            }
            agentPost(app, conversationId, "live", "live again").then().statusCode(201);
            assertEquals("live again", JsonPath.from(stream.next(WAIT).data()).getString("text"));
        }
    }

    @Test
    void messagesFannedOutByAnInstanceOfANewerBuildReachTheStream() throws Exception {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        String conversationId = BrandMessageResourceTest.conversationWithAMessage(token); // seq 1
        try (EventStreamClient stream = open(token, null)) {
            // The first heartbeat goes out as the stream's opening catch-up starts; a pushed message that found that
            // read in flight would be looked up in Postgres, where this made-up one is not. The second heartbeat
            // (timer-driven, no catch-up of its own) comes after that read.
            assertNotNull(stream.nextHeartbeat(WAIT), "the stream is open and registered");
            assertNotNull(stream.nextHeartbeat(WAIT), "its opening catch-up is over");
            ObjectNode payload = json.valueToTree(
                    new LiveMessages.Fanout("instance_newer", List.of(remote(conversationId, 2, "from the future"))));
            payload.put("region", "eu-west");
            ((ObjectNode) payload.get("messages").get(0).get("message")).put("edited", false);
            redis.pubsub(String.class).publish(LiveMessages.channel(conversationId), json.writeValueAsString(payload));
            Event pushed = stream.next(WAIT);
            assertEquals("2", pushed.id());
            assertEquals("from the future", JsonPath.from(pushed.data()).getString("text"));
        }
    }

    @Test
    void anInstanceListensToAConversationsChannelOnlyWhileItHoldsAStreamOfIt() throws Exception {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        String conversationId = BrandMessageResourceTest.conversationWithAMessage(token); // seq 1
        String channel = LiveMessages.channel(conversationId);
        assertEquals(0, subscribers(channel), "no stream, no subscription");
        try (EventStreamClient stream = open(token, null)) {
            assertNotNull(stream.nextHeartbeat(WAIT), "the stream has started");
            assertEquals(1, subscribers(channel), "subscribed before the stream started");
            redis.pubsub(String.class)
                    .publish(
                            channel,
                            json.writeValueAsString(new LiveMessages.Fanout(
                                    "instance_other", List.of(remote(conversationId, 2, "on its own channel")))));
            Event pushed = stream.next(WAIT);
            assertEquals("2", pushed.id());
            assertEquals("on its own channel", JsonPath.from(pushed.data()).getString("text"));
        }
        await().atMost(WAIT).until(() -> subscribers(channel) == 0);
    }

    private long subscribers(String channel) {
        return redis.execute("PUBSUB", "NUMSUB", channel).get(1).toLong();
    }

    private static StoredMessage remote(String conversationId, long seq, String text) {
        return new StoredMessage(
                conversationId,
                seq,
                new Message(
                        "msg_remote" + seq,
                        "remote-" + seq,
                        Author.AGENT,
                        text,
                        Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }

    @Test
    void heartbeatsKeepAnIdleStreamOpen() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        try (EventStreamClient stream = open(token, null)) {
            assertNotNull(stream.nextHeartbeat(WAIT));
            assertNotNull(stream.nextHeartbeat(WAIT), "heartbeats repeat (every second in the test profile)");
        }
    }

    @Test
    void logoutEndsTheStream() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        try (EventStreamClient stream = open(token, null)) {
            given().auth().oauth2(token).delete("/v1/sessions/current").then().statusCode(204);
            assertEquals("ended", stream.next(WAIT).name());
            assertEquals("closed", stream.next(WAIT).name());
        }
    }

    @Test
    void aStreamFollowsItsVisitorIntoTheIdentifiedConversation() {
        JsonPath app = TestApps.create(Map.of("sessionMerge", true));
        String appId = app.getString("appId");
        String anonymous = TestSessions.anonymousToken(appId);
        post(anonymous, "a-1", "before login").then().statusCode(201);
        String continuity = given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "user-41"))
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("continuityToken");
        try (EventStreamClient stream = open(anonymous, null)) {
            JsonPath login = given().auth()
                    .oauth2(anonymous)
                    .contentType(ContentType.JSON)
                    .body(Map.of("continuityToken", continuity, "merge", true))
                    .post("/v1/apps/" + appId + "/sessions")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            Event changed = stream.next(WAIT);
            assertEquals("conversation", changed.name());
            assertEquals(
                    login.getString("conversationId"),
                    JsonPath.from(changed.data()).getString("conversationId"));
            post(login.getString("token"), "u-1", "after login").then().statusCode(201);
            assertEquals("after login", JsonPath.from(stream.next(WAIT).data()).getString("text"));
            given().auth()
                    .oauth2(login.getString("token"))
                    .delete("/v1/sessions/current")
                    .then()
                    .statusCode(204);
            assertEquals("ended", stream.next(WAIT).name());
        }
    }

    @Test
    void aStreamNeedsAValidTokenAndASaneLastEventId() {
        given().accept("text/event-stream")
                .get("/v1/sessions/current/events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthorized"));
        given().auth()
                .oauth2("garbage")
                .accept("text/event-stream")
                .get("/v1/sessions/current/events")
                .then()
                .statusCode(401);
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        given().auth()
                .oauth2(token)
                .accept("text/event-stream")
                .header("Last-Event-ID", "yesterday")
                .get("/v1/sessions/current/events")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"));
        given().auth().oauth2(token).delete("/v1/sessions/current").then().statusCode(204);
        given().auth()
                .oauth2(token)
                .accept("text/event-stream")
                .get("/v1/sessions/current/events")
                .then()
                .statusCode(401);
    }

    private static EventStreamClient open(String token, String lastEventId) {
        EventStreamClient stream = EventStreamClient.open("http://localhost:" + RestAssured.port, token, lastEventId);
        assertTrue(stream.status() == 200, "stream opened");
        return stream;
    }
}
