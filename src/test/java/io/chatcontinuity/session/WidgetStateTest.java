package io.chatcontinuity.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WidgetStateTest {

    @Test
    void stateStartsClosedAndIsSharedByEveryTokenOfTheSession() {
        String appId = TestApps.create(Map.of("persistChatState", true)).getString("appId");
        String token = TestSessions.anonymousToken(appId);
        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/state")
                .then()
                .statusCode(200)
                .body("open", equalTo(false))
                .body("soundEnabled", equalTo(true))
                .body("triggerHiddenUntil", nullValue());

        String until = Instant.now()
                .plus(2, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        given().auth()
                .oauth2(token)
                .contentType("application/merge-patch+json")
                .body(Map.of("open", true, "triggerHiddenUntil", until))
                .patch("/v1/sessions/current/state")
                .then()
                .statusCode(200)
                .body("open", equalTo(true))
                .body("triggerHiddenUntil", equalTo(until));

        String otherDevice = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        given().auth()
                .oauth2(otherDevice)
                .get("/v1/sessions/current/state")
                .then()
                .body("open", equalTo(true))
                .body("soundEnabled", equalTo(true));
    }

    @Test
    void openIsNotKeptWithoutPersistChatState() {
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("open", true, "soundEnabled", false))
                .patch("/v1/sessions/current/state")
                .then()
                .statusCode(200)
                .body("open", equalTo(false))
                .body("soundEnabled", equalTo(false));
    }

    @Test
    void badStatePatchesNameTheField() {
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        String tooFar = Instant.now().plus(3, ChronoUnit.DAYS).toString();
        given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("triggerHiddenUntil", tooFar, "open", "yes", "colour", "red"))
                .patch("/v1/sessions/current/state")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("triggerHiddenUntil"))
                .body("errors.field", hasItem("open"))
                .body("errors.field", hasItem("colour"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .patch("/v1/sessions/current/state")
                .then()
                .statusCode(401);
    }
}
