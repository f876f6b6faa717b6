package io.chatcontinuity.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MessageResourceTest {

    @Inject
    Pool postgres;

    @Test
    void firstPostIs201AndTheSameRetryIs200WithTheSameMessage() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        JsonPath first = post(token, "c-1", "Hello, is anyone there?")
                .then()
                .statusCode(201)
                .body("clientMessageId", equalTo("c-1"))
                .body("author", equalTo("visitor"))
                .body("text", equalTo("Hello, is anyone there?"))
                .body("createdAt", notNullValue())
                .extract()
                .jsonPath();
        JsonPath retry = post(token, "c-1", "Hello, is anyone there?")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(first.getString("id"), retry.getString("id"));
        assertEquals(first.getString("createdAt"), retry.getString("createdAt"));
        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(200)
                .body("messages.size()", equalTo(1))
                .body("nextCursor", nullValue());
    }

    @Test
    void theSameClientMessageIdWithOtherTextIs409AndChangesNothing() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        post(token, "c-1", "first").then().statusCode(201);
        post(token, "c-1", "second")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/conflict"));
        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .body("messages.text", equalTo(List.of("first")));
    }

    @Test
    void concurrentRetriesOfOneMessageWriteItOnce() throws Exception {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Response>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(CompletableFuture.supplyAsync(() -> post(token, "same", "once only"), pool));
            }
            Set<String> ids = new HashSet<>();
            int created = 0;
            for (CompletableFuture<Response> attempt : attempts) {
                Response response = attempt.get();
                assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.asString());
                created += response.statusCode() == 201 ? 1 : 0;
                ids.add(response.jsonPath().getString("id"));
            }
            assertEquals(1, created);
            assertEquals(1, ids.size());
            assertEquals(1L, countMessages(ids.iterator().next()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pagingReadsEveryMessageExactlyOnceWhileNewOnesArrive() throws Exception {
        JsonPath app = TestApps.create();
        String token = TestSessions.anonymousToken(app.getString("appId"));
        String conversationId =
                post(token, "m-0", "message 0").then().statusCode(201).extract().path("id") != null
                        ? given().auth()
                                .oauth2(token)
                                .get("/v1/sessions/current")
                                .then()
                                .extract()
                                .path("conversationId")
                        : null;
        for (int i = 1; i < 130; i++) {
            agentPost(app, conversationId, "m-" + i, "message " + i).then().statusCode(201);
        }
        AtomicBoolean paging = new AtomicBoolean(true);
        CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
            int written = 0;
            while (paging.get() && written < 200) {
                agentPost(app, conversationId, "late-" + written, "late " + written)
                        .then()
                        .statusCode(201);
                written++;
            }
            return written;
        });
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(token).queryParam("limit", 7);
            if (cursor != null) {
                request.queryParam("before", cursor);
            }
            JsonPath page = request.get("/v1/sessions/current/messages")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("messages.clientMessageId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        paging.set(false);
        int late = writer.get();

        List<String> older = seen.stream().filter(id -> id.startsWith("m-")).toList();
        assertEquals(130, older.size(), "every message from before the paging began, once");
        assertEquals(130, new HashSet<>(older).size());
        for (int i = 0; i < 130; i++) {
            assertEquals("m-" + (129 - i), older.get(i), "newest first");
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "nothing repeated");
        assertTrue(late > 0);
    }

    @Test
    void historyLimitAndCursorAreChecked() {
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        String other = TestSessions.anonymousToken(appId);
        for (int i = 0; i < 3; i++) {
            post(other, "o-" + i, "other " + i).then().statusCode(201);
        }
        String othersCursor = given().auth()
                .oauth2(other)
                .queryParam("limit", 1)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(200)
                .extract()
                .path("nextCursor");
        for (String limit : List.of("0", "101", "ten", "-1")) {
            given().auth()
                    .oauth2(token)
                    .queryParam("limit", limit)
                    .get("/v1/sessions/current/messages")
                    .then()
                    .statusCode(400)
                    .body("type", equalTo("/problems/invalid-request"))
                    .body("errors.field", hasItem("limit"));
        }
        for (String cursor : List.of("not-a-cursor", othersCursor, "x".repeat(300))) {
            given().auth()
                    .oauth2(token)
                    .queryParam("before", cursor)
                    .get("/v1/sessions/current/messages")
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("before"));
        }
        given().auth()
                .oauth2(token)
                .queryParam("limit", 100)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(200)
                .body("messages.size()", equalTo(0));
    }

    @Test
    void invalidBodiesAre400ProblemsNamingTheField() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        Map<Object, String> cases = Map.of(
                Map.of("text", "hi"), "clientMessageId",
                Map.of("clientMessageId", "a"), "text",
                Map.of("clientMessageId", "a", "text", ""), "text",
                Map.of("clientMessageId", "a", "text", "   "), "text",
                Map.of("clientMessageId", "a", "text", "x".repeat(4001)), "text",
                Map.of("clientMessageId", "has space", "text", "hi"), "clientMessageId",
                Map.of("clientMessageId", "a", "text", 42), "text",
                Map.of("clientMessageId", "a", "text", "hi", "author", "agent"), "author");
        cases.forEach((body, field) -> given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/sessions/current/messages")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors.field", hasItem(field)));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{\"clientMessageId\": ")
                .post("/v1/sessions/current/messages")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"));
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("[]")
                .post("/v1/sessions/current/messages")
                .then()
                .statusCode(400);
        given().auth().oauth2(token).get("/v1/sessions/current/messages").then().body("messages.size()", equalTo(0));
    }

    @Test
    void textLimitCountsCharactersNotCodeUnits() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        post(token, "emoji", "😀".repeat(4000)).then().statusCode(201);
        post(token, "long", "x".repeat(4000)).then().statusCode(201);
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "big", "text", "y".repeat(70_000)))
                .post("/v1/sessions/current/messages")
                .then()
                .statusCode(413)
                .body("type", equalTo("/problems/payload-too-large"));
    }

    @Test
    void withoutAValidChatTokenNothingIsReadOrWritten() {
        given().contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "a", "text", "hi"))
                .post("/v1/sessions/current/messages")
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
        given().auth()
                .oauth2("garbage")
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(401);
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        post(token, "a", "before logout").then().statusCode(201);
        given().auth().oauth2(token).delete("/v1/sessions/current").then().statusCode(204);
        post(token, "b", "after logout").then().statusCode(401);
        given().auth().oauth2(token).get("/v1/sessions/current/messages").then().statusCode(401);
    }

    @Test
    void aSessionWithAMessageIsNoLongerEmpty() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        String sessionId = given().auth()
                .oauth2(token)
                .get("/v1/sessions/current")
                .then()
                .extract()
                .path("id");
        assertEquals(null, sessionHasMessages(sessionId), "an empty anonymous session has no row yet");
        post(token, "a", "hello").then().statusCode(201);
        assertEquals(true, sessionHasMessages(sessionId));
    }

    @Test
    void postsPastTheSessionLimitAre429WithRetryAfter() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        for (int i = 0; i < 30; i++) {
            post(token, "r-" + i, "message " + i).then().statusCode(201);
        }
        post(token, "r-30", "one too many")
                .then()
                .statusCode(429)
                .body("type", equalTo("/problems/rate-limited"))
                .header("Retry-After", notNullValue());
    }

    static Response post(String token, String clientMessageId, String text) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", clientMessageId, "text", text))
                .post("/v1/sessions/current/messages");
    }

    static Response agentPost(JsonPath app, String conversationId, String clientMessageId, String text) {
        return given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", clientMessageId, "text", text, "author", "agent"))
                .post("/v1/apps/" + app.getString("appId") + "/conversations/" + conversationId + "/messages");
    }

    private long countMessages(String messageId) {
        return postgres.preparedQuery("select count(*) from messages where id = $1")
                .execute(Tuple.of(messageId))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }

    /** Whether the session's row says it has messages; null when Postgres holds no row for it. */
    private Boolean sessionHasMessages(String sessionId) {
        var rows = postgres.preparedQuery("select has_messages from sessions where id = $1")
                .execute(Tuple.of(sessionId))
                .await()
                .atMost(Duration.ofSeconds(5));
        return rows.size() == 0 ? null : rows.iterator().next().getBoolean(0);
    }
}
