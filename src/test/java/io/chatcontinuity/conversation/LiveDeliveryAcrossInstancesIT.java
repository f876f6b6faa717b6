package io.chatcontinuity.conversation;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.chatcontinuity.support.EventStreamClient;
import io.chatcontinuity.support.EventStreamClient.Event;
import io.chatcontinuity.support.ServiceInstances;
import io.chatcontinuity.support.TwoInstances;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two instances of the packaged service behave as one: messages, retries, logouts and config changes cross over. */
class LiveDeliveryAcrossInstancesIT extends TwoInstances {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aMessageWrittenOnOneInstanceReachesStreamsOnTheOther() {
        JsonPath app = a.createApp("Two instances", Map.of());
        String token = a.newSessionToken(app.getString("appId"));
        String conversationId = a.request()
                .auth()
                .oauth2(token)
                .get("/v1/sessions/current")
                .then()
                .extract()
                .path("conversationId");
        a.postMessage(token, "v-1", "first, on A").then().statusCode(201);

        try (EventStreamClient onB = EventStreamClient.open(b.url(), token, null);
                EventStreamClient onA = EventStreamClient.open(a.url(), token, null)) {
            a.postMessage(token, "v-2", "written on A").then().statusCode(201);
            assertEquals("written on A", text(onB.next(WAIT)));
            assertEquals("written on A", text(onA.next(WAIT)));

            b.request()
                    .auth()
                    .oauth2(app.getString("apiKey"))
                    .contentType(ContentType.JSON)
                    .body(Map.of("clientMessageId", "agent-1", "text", "agent reply via B", "author", "agent"))
                    .post("/v1/apps/" + app.getString("appId") + "/conversations/" + conversationId + "/messages")
                    .then()
                    .statusCode(201);
            assertEquals("agent reply via B", text(onA.next(WAIT)));
            assertEquals("agent reply via B", text(onB.next(WAIT)));
        }
    }

    @Test
    void aRetryOnTheOtherInstanceAnswersTheSameMessage() {
        JsonPath app = a.createApp("Two instances", Map.of());
        String token = b.newSessionToken(app.getString("appId"));
        String id = a.postMessage(token, "retry-me", "once")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        b.postMessage(token, "retry-me", "once").then().statusCode(200).body("id", equalTo(id));
        b.postMessage(token, "retry-me", "twice").then().statusCode(409);
        b.request()
                .auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .body("messages.text", equalTo(List.of("once")));
    }

    @Test
    void aLogoutOnOneInstanceEndsStreamsAndTokensOnTheOther() {
        JsonPath app = a.createApp("Two instances", Map.of());
        String token = a.newSessionToken(app.getString("appId"));
        try (EventStreamClient onB = EventStreamClient.open(b.url(), token, null)) {
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
    void aConfigChangeOnOneInstanceIsServedByTheOther() {
        JsonPath app = a.createApp("Two instances", Map.of());
        String appId = app.getString("appId");
        b.request()
                .get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(200)
                .body("triggerSnooze", equalTo("PT24H"));
        a.request()
                .auth()
                .oauth2(ServiceInstances.ADMIN_TOKEN)
                .contentType("application/merge-patch+json")
                .body(Map.of("settings", Map.of("triggerSnooze", "PT2H")))
                .patch("/v1/admin/apps/" + appId)
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> b.request()
                        .get("/v1/apps/" + appId + "/widget-config")
                        .then()
                        .body("triggerSnooze", equalTo("PT2H")));
    }

    private static String text(Event event) {
        assertNotNull(event, "an event arrived");
        return JsonPath.from(event.data()).getString("text");
    }
}
