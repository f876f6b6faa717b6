package io.chatcontinuity.conversation;

import io.chatcontinuity.support.EventStreamClient;
import io.chatcontinuity.support.EventStreamClient.Event;
import io.chatcontinuity.support.ServiceInstances;
import io.chatcontinuity.support.ServiceInstances.Instance;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Two instances of the packaged service behave as one: messages, retries, logouts and config changes cross over. */
class LiveDeliveryAcrossInstancesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static ServiceInstances instances;
    private static Instance a;
    private static Instance b;

    @BeforeAll
    static void start() {
        assumeTrue(ServiceInstances.storesAnswer(), "needs the machine's Postgres and Redis");
        instances = ServiceInstances.start(2);
        a = instances.get(0);
        b = instances.get(1);
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void aMessageWrittenOnOneInstanceReachesStreamsOnTheOther() {
        JsonPath app = createApp(a);
        String token = at(a).contentType(ContentType.JSON).body("{}").post("/v1/apps/" + app.getString("appId") + "/sessions")
                .then().statusCode(201).extract().path("token");
        String conversationId = at(a).auth().oauth2(token).get("/v1/sessions/current").then().extract().path("conversationId");
        post(a, token, "v-1", "first, on A").then().statusCode(201);

        try (EventStreamClient onB = EventStreamClient.open(b.url(), token, null);
             EventStreamClient onA = EventStreamClient.open(a.url(), token, null)) {
            post(a, token, "v-2", "written on A").then().statusCode(201);
            assertEquals("written on A", text(onB.next(WAIT)));
            assertEquals("written on A", text(onA.next(WAIT)));

            at(b).auth().oauth2(app.getString("apiKey")).contentType(ContentType.JSON)
                    .body(Map.of("clientMessageId", "agent-1", "text", "agent reply via B", "author", "agent"))
                    .post("/v1/apps/" + app.getString("appId") + "/conversations/" + conversationId + "/messages")
                    .then().statusCode(201);
            assertEquals("agent reply via B", text(onA.next(WAIT)));
            assertEquals("agent reply via B", text(onB.next(WAIT)));
        }
    }

    @Test
    void aRetryOnTheOtherInstanceAnswersTheSameMessage() {
        JsonPath app = createApp(a);
        String token = at(b).contentType(ContentType.JSON).body("{}").post("/v1/apps/" + app.getString("appId") + "/sessions")
                .then().statusCode(201).extract().path("token");
        String id = post(a, token, "retry-me", "once").then().statusCode(201).extract().path("id");
        post(b, token, "retry-me", "once").then().statusCode(200).body("id", equalTo(id));
        post(b, token, "retry-me", "twice").then().statusCode(409);
        at(b).auth().oauth2(token).get("/v1/sessions/current/messages").then()
                .body("messages.text", equalTo(List.of("once")));
    }

    @Test
    void aLogoutOnOneInstanceEndsStreamsAndTokensOnTheOther() {
        JsonPath app = createApp(a);
        String token = at(a).contentType(ContentType.JSON).body("{}").post("/v1/apps/" + app.getString("appId") + "/sessions")
                .then().statusCode(201).extract().path("token");
        try (EventStreamClient onB = EventStreamClient.open(b.url(), token, null)) {
            at(a).auth().oauth2(token).delete("/v1/sessions/current").then().statusCode(204);
            Event ended = onB.next(WAIT);
            assertNotNull(ended);
            assertEquals("ended", ended.name());
        }
        at(b).auth().oauth2(token).get("/v1/sessions/current").then().statusCode(401);
    }

    @Test
    void aConfigChangeOnOneInstanceIsServedByTheOther() {
        JsonPath app = createApp(a);
        String appId = app.getString("appId");
        at(b).get("/v1/apps/" + appId + "/widget-config").then().statusCode(200).body("triggerSnooze", equalTo("PT24H"));
        at(a).auth().oauth2(ServiceInstances.ADMIN_TOKEN).contentType("application/merge-patch+json")
                .body(Map.of("settings", Map.of("triggerSnooze", "PT2H"))).patch("/v1/admin/apps/" + appId)
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                at(b).get("/v1/apps/" + appId + "/widget-config").then().body("triggerSnooze", equalTo("PT2H")));
    }

    private static JsonPath createApp(Instance instance) {
        return at(instance).auth().oauth2(ServiceInstances.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "Two instances", "allowedOrigins", List.of("https://shop.example.com")))
                .post("/v1/admin/apps").then().statusCode(201).extract().jsonPath();
    }

    private static io.restassured.response.Response post(Instance instance, String token, String clientMessageId, String text) {
        return at(instance).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", clientMessageId, "text", text)).post("/v1/sessions/current/messages");
    }

    private static RequestSpecification at(Instance instance) {
        return given().baseUri(instance.url());
    }

    private static String text(Event event) {
        assertNotNull(event, "an event arrived");
        return JsonPath.from(event.data()).getString("text");
    }
}
