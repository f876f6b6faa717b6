package io.chatcontinuity.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.chatcontinuity.support.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An anonymous session lives in Redis alone until its first message or its end, which write its row; Postgres stays
 * the truth for revocation.
 */
@QuarkusTest
class RedisOnlySessionTest {

    @Inject
    Pool postgres;

    @Inject
    RedisDataSource redis;

    @Test
    void aNewAnonymousSessionHasNoRowAndItsConversationFollowsFromItsId() {
        JsonPath started = TestSessions.startAnonymous(TestApps.create().getString("appId"));
        String sessionId = started.getString("session.id");

        assertNull(row(sessionId), "no durable write before the first message");
        assertEquals("conv_" + sessionId.substring("ses_".length()), started.getString("conversationId"));
        assertTrue(redis.key().exists("chat:session:" + sessionId));
    }

    @Test
    void theFirstMessageWritesTheWholeRow() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String token = started.getString("token");
        String sessionId = started.getString("session.id");

        postMessage(token, "first", "hello").then().statusCode(201);
        postMessage(token, "second", "again").then().statusCode(201);

        Row row = row(sessionId);
        assertNotNull(row, "the first message writes the session's row");
        assertEquals(appId, row.getString("app_id"));
        assertEquals(started.getString("session.visitorId"), row.getString("visitor_id"));
        assertEquals(started.getString("conversationId"), row.getString("conversation_id"));
        assertFalse(row.getBoolean("authenticated"));
        assertTrue(row.getBoolean("has_messages"));
        assertNull(row.getOffsetDateTime("ended_at"));
        long issuedAt = TestTokens.payload(token).getLong("iat");
        assertThat(Math.abs(row.getOffsetDateTime("created_at").toEpochSecond() - issuedAt), lessThanOrEqualTo(2L));
        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(200)
                .body("messages.text", equalTo(List.of("again", "hello")));
    }

    @Test
    void loggingOutOfARedisOnlySessionWritesAnEndedRow() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String sessionId = started.getString("session.id");

        given().auth()
                .oauth2(started.getString("token"))
                .delete("/v1/sessions/current")
                .then()
                .statusCode(204);

        Row row = row(sessionId);
        assertNotNull(row, "ending a session writes its row: Postgres is the truth for revocation");
        assertNotNull(row.getOffsetDateTime("ended_at"));
        assertEquals("logout", row.getString("end_reason"));
        assertEquals(appId, row.getString("app_id"));
        assertEquals(started.getString("session.visitorId"), row.getString("visitor_id"));
        assertEquals(started.getString("conversationId"), row.getString("conversation_id"));
        assertFalse(row.getBoolean("has_messages"));
    }

    @Test
    void loggingInEndsTheRedisOnlyAnonymousSessionInPostgres() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        JsonPath anonymous = TestSessions.startAnonymous(appId);
        String continuity = given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "user-redis-only"))
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("continuityToken");

        given().auth()
                .oauth2(anonymous.getString("token"))
                .contentType(ContentType.JSON)
                .body(Map.of("continuityToken", continuity))
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .body("merged", equalTo(false));

        Row row = row(anonymous.getString("session.id"));
        assertNotNull(row);
        assertNotNull(row.getOffsetDateTime("ended_at"));
        assertEquals("login", row.getString("end_reason"));
        redis.execute("FLUSHDB");
        given().auth()
                .oauth2(anonymous.getString("token"))
                .get("/v1/sessions/current")
                .then()
                .statusCode(401);
    }

    @Test
    void aSessionForgottenAfterItsIdleTimeIsRefused() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);

        // Redis has held its data since long before this session, and forgets it once emptySessionTtl has passed
        // without a request.
        redis.value(String.class)
                .set(
                        SessionStore.EPOCH_KEY,
                        Long.toString(Instant.now().minus(Duration.ofHours(1)).toEpochMilli()));
        redis.key().del("chat:session:" + started.getString("session.id"));

        given().auth()
                .oauth2(started.getString("token"))
                .get("/v1/sessions/current")
                .then()
                .statusCode(401)
                .body("detail", equalTo("The session was idle and is forgotten."));
        assertNull(row(started.getString("session.id")));
    }

    static Response postMessage(String token, String clientMessageId, String text) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", clientMessageId, "text", text))
                .post("/v1/sessions/current/messages");
    }

    private Row row(String sessionId) {
        RowSet<Row> rows = postgres.preparedQuery("select * from sessions where id = $1")
                .execute(Tuple.of(sessionId))
                .await()
                .atMost(Duration.ofSeconds(5));
        return rows.size() == 0 ? null : rows.iterator().next();
    }
}
