package io.chatcontinuity.session;

import static io.chatcontinuity.session.RedisOnlySessionTest.postMessage;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** This instance's copies of sessions: used on the hot path, never past an end, never for widget state. */
@QuarkusTest
class NearSessionsTest {

    @Inject
    NearSessions near;

    @Inject
    RedisDataSource redis;

    @Test
    void aLogoutIsRefusedAtOnceOnTheSameInstance() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String first = started.getString("token");
        String second = given().auth()
                .oauth2(first)
                .post("/v1/sessions/current/refresh")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        given().auth().oauth2(first).get("/v1/sessions/current").then().statusCode(200);
        awaitCopied(second, started.getString("session.id"));

        given().auth().oauth2(second).delete("/v1/sessions/current").then().statusCode(204);

        assertNull(near.get(started.getString("session.id")));
        for (String token : new String[] {first, second}) {
            given().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(401);
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .post("/v1/apps/" + appId + "/sessions")
                    .then()
                    .statusCode(401);
            postMessage(token, "after-logout", "refused").then().statusCode(401);
        }
    }

    @Test
    void anEndAnnouncedByAnotherInstanceDropsTheCopyAsSoonAsTheNoticeIsRead() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String token = started.getString("token");
        String sessionId = started.getString("session.id");
        awaitCopied(token, sessionId);

        // What another instance's logout does: Redis first, then the notice, then its answer.
        redis.hash(String.class).hset(SessionStore.key(sessionId), "ended", "1");
        redis.pubsub(String.class).publish(SessionEndings.CHANNEL, sessionId);

        // The notice is in this instance's socket before the publisher's answer, but the subscriber's event loop
        // reads it on its own schedule (a CI run once served the copy in between): await the read, briefly.
        await().atMost(Duration.ofSeconds(2)).until(() -> near.get(sessionId) == null);
        given().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(401);
    }

    @Test
    void widgetStateIsReadFreshWhileTheSessionIsCopied() {
        String appId = TestApps.create(Map.of("persistChatState", true)).getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String token = started.getString("token");
        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/state")
                .then()
                .statusCode(200)
                .body("open", equalTo(false));
        awaitCopied(token, started.getString("session.id"));

        // Another device, on another instance, opens the widget.
        redis.hash(String.class).hset(SessionStore.key(started.getString("session.id")), Map.of("st.open", "1"));

        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/state")
                .then()
                .statusCode(200)
                .body("open", equalTo(true));
    }

    @Test
    void theFirstMessageDropsTheCopySoThatTheSessionIsKeptForGood() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String token = started.getString("token");
        String sessionId = started.getString("session.id");
        awaitCopied(token, sessionId);

        postMessage(token, "first", "hello").then().statusCode(201);

        assertNull(near.get(sessionId));
        assertTrue(awaitCopied(token, sessionId).hasMessages());
        assertTrue(
                redis.key().ttl(SessionStore.key(sessionId)) > 86_400,
                "a session with messages lives as long as its tokens");
    }

    /**
     * Reads the session until this instance holds a copy of it. A read is not copied while an end notice arrives
     * (here: the echoes of earlier tests' logouts), so one read may not be enough.
     */
    private LiveSession awaitCopied(String token, String sessionId) {
        return await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> {
                            given().auth()
                                    .oauth2(token)
                                    .get("/v1/sessions/current")
                                    .then()
                                    .statusCode(200);
                            return near.get(sessionId);
                        },
                        copy -> copy != null);
    }
}
