package io.chatcontinuity.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WidgetStateChangeTest {

    @Test
    void aTriggerHiddenTooLongOrOfTheWrongTypeIsToldTheAppsSnooze() {
        String token = TestSessions.anonymousToken(
                TestApps.create(Map.of("triggerSnooze", "PT2H")).getString("appId"));
        for (String value : new String[] {"42", "\"tomorrow\"", "\"2999-01-01T00:00:00Z\""}) {
            given().auth()
                    .oauth2(token)
                    .contentType("application/merge-patch+json")
                    .body("{\"triggerHiddenUntil\":" + value + "}")
                    .patch("/v1/sessions/current/state")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("triggerHiddenUntil"))
                    .body("errors[0].message", equalTo("must be an RFC 3339 time at most PT2H ahead"));
        }
    }

    @Test
    void nullKeepsOpenAndSoundButShowsTheTriggerAgain() {
        String token = TestSessions.anonymousToken(
                TestApps.create(Map.of("persistChatState", true)).getString("appId"));
        given().auth()
                .oauth2(token)
                .contentType("application/merge-patch+json")
                .body("{\"open\":true,\"soundEnabled\":false,\"triggerHiddenUntil\":\"2020-01-01T00:00:00Z\"}")
                .patch("/v1/sessions/current/state")
                .then()
                .statusCode(200)
                .body("triggerHiddenUntil", equalTo("2020-01-01T00:00:00Z"));
        given().auth()
                .oauth2(token)
                .contentType("application/merge-patch+json")
                .body("{\"open\":null,\"soundEnabled\":null,\"triggerHiddenUntil\":null}")
                .patch("/v1/sessions/current/state")
                .then()
                .statusCode(200)
                .body("open", equalTo(true))
                .body("soundEnabled", equalTo(false))
                .body("triggerHiddenUntil", equalTo(null));
    }
}
