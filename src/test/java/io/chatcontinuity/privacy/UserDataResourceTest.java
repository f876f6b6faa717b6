package io.chatcontinuity.privacy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserDataResourceTest {

    @Inject
    Pool postgres;

    @Inject
    RedisDataSource redis;

    /** A user who chatted anonymously, logged in with merge, chatted more, and said yes to analytics. */
    record Story(
            JsonPath app,
            String userId,
            String continuityToken,
            String anonymousSession,
            String token,
            String sessionId,
            String visitorId,
            String anonymousVisitorId) {}

    @Test
    void anExportHoldsEverythingStoredAboutTheUserButNoSecret() {
        Story story = story("user-51");
        JsonPath export = export(story.app(), story.userId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(export.getString("userId"), equalTo(story.userId()));
        assertThat(export.getString("user.visitorId"), equalTo(story.visitorId()));
        assertThat(export.getList("sessions.id"), hasItems(story.sessionId(), story.anonymousSession()));
        assertThat(export.getList("conversation.messages.text"), equalTo(List.of("anonymous question", "after login")));
        assertThat(export.getList("conversation.mergedFrom").size(), equalTo(1));
        assertThat(export.getList("consentRecords.rawInput"), equalTo(List.of("true")));
        assertThat(export.getList("analyticsEvents.type"), equalTo(List.of("widget.opened")));
        assertThat(export.getList("continuityTokensCreatedAt").size(), equalTo(1));
        String body = export.prettify();
        assertThat(body, not(containsString(story.continuityToken())));
        assertThat(body, not(containsString(Secrets.sha256Hex(story.continuityToken()))));
    }

    @Test
    void anErasureRemovesTheUserFromPostgresAndRedisAndEndsItsSessions() {
        Story story = story("user-52");
        String conversationId = given().auth()
                .oauth2(story.token())
                .get("/v1/sessions/current")
                .then()
                .extract()
                .path("conversationId");

        given().auth()
                .oauth2(story.app().getString("apiKey"))
                .delete("/v1/apps/" + story.app().getString("appId") + "/users/" + story.userId())
                .then()
                .statusCode(204);

        List<String> visitors = List.of(story.visitorId(), story.anonymousVisitorId());
        for (String table : List.of("sessions", "consent_records", "analytics_events", "conversations")) {
            assertEquals(
                    0L,
                    count(
                            "select count(*) from " + table + " where visitor_id = any($1)",
                            visitors.toArray(String[]::new)),
                    table + " rows left");
        }
        assertEquals(0L, count("select count(*) from messages where conversation_id = $1", conversationId));
        assertEquals(
                0L,
                count(
                        "select count(*) from continuity_tokens where token_hash = $1",
                        Secrets.sha256Hex(story.continuityToken())));
        assertEquals(0L, count("select count(*) from end_users where user_id = $1", story.userId()));
        for (String sessionId : List.of(story.sessionId(), story.anonymousSession())) {
            assertFalse(redis.key().exists("chat:session:" + sessionId), "session state left in Redis");
            assertFalse(redis.key().exists("chat:consent:" + sessionId), "consent decision left in Redis");
        }

        given().auth()
                .oauth2(story.token())
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(401);
        export(story.app(), story.userId()).then().statusCode(404).body("type", equalTo("/problems/not-found"));
        JsonPath fresh = given().contentType(ContentType.JSON)
                .body(Map.of("continuityToken", story.continuityToken()))
                .post("/v1/apps/" + story.app().getString("appId") + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(fresh.getString("conversationId"), not(equalTo(conversationId)));
        given().auth()
                .oauth2(fresh.getString("token"))
                .get("/v1/sessions/current/messages")
                .then()
                .body("messages.size()", equalTo(0));
    }

    @Test
    void anotherAppCanNeitherExportNorEraseAUser() {
        Story story = story("user-53");
        JsonPath other = TestApps.create();
        given().auth()
                .oauth2(other.getString("apiKey"))
                .get("/v1/apps/" + story.app().getString("appId") + "/users/" + story.userId() + "/export")
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        given().auth()
                .oauth2(other.getString("apiKey"))
                .delete("/v1/apps/" + story.app().getString("appId") + "/users/" + story.userId())
                .then()
                .statusCode(403);
        export(other, story.userId()).then().statusCode(404);
        given().auth()
                .oauth2(other.getString("apiKey"))
                .delete("/v1/apps/" + other.getString("appId") + "/users/" + story.userId())
                .then()
                .statusCode(404);
        given().get("/v1/apps/" + story.app().getString("appId") + "/users/" + story.userId() + "/export")
                .then()
                .statusCode(401);
        export(story.app(), story.userId()).then().statusCode(200);
    }

    private Story story(String userId) {
        JsonPath app = TestApps.create(Map.of("sessionMerge", true, "consent", Map.of("mode", "flag")));
        String appId = app.getString("appId");
        JsonPath anonymous = TestSessions.startAnonymous(appId);
        String anonymousToken = anonymous.getString("token");
        post(anonymousToken, "a-1", "anonymous question");
        String continuity = given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", userId))
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("continuityToken");
        JsonPath login = given().auth()
                .oauth2(anonymousToken)
                .contentType(ContentType.JSON)
                .body(Map.of("continuityToken", continuity, "merge", true))
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .body("merged", equalTo(true))
                .extract()
                .jsonPath();
        String token = login.getString("token");
        post(token, "u-1", "after login");
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("analytics", true))
                .put("/v1/sessions/current/consent")
                .then()
                .statusCode(200);
        String analyticsToken = given().auth()
                .oauth2(token)
                .post("/v1/sessions/current/analytics-token")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        given().auth()
                .oauth2(token)
                .header("X-Analytics-Token", analyticsToken)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "events",
                        List.of(Map.of(
                                "type",
                                "widget.opened",
                                "at",
                                Instant.now().minusSeconds(1).toString()))))
                .post("/v1/sessions/current/analytics/events")
                .then()
                .statusCode(202);
        return new Story(
                app,
                userId,
                continuity,
                anonymous.getString("session.id"),
                token,
                login.getString("session.id"),
                login.getString("session.visitorId"),
                anonymous.getString("session.visitorId"));
    }

    private static void post(String token, String clientMessageId, String text) {
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", clientMessageId, "text", text))
                .post("/v1/sessions/current/messages")
                .then()
                .statusCode(201);
    }

    static Response export(JsonPath app, String userId) {
        return given().auth()
                .oauth2(app.getString("apiKey"))
                .get("/v1/apps/" + app.getString("appId") + "/users/" + userId + "/export");
    }

    private long count(String sql, Object parameter) {
        return postgres.preparedQuery(sql)
                .execute(Tuple.of(parameter))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }
}
