package io.chatcontinuity.consent;

import static org.hamcrest.Matchers.equalTo;

import io.chatcontinuity.support.ServiceInstances.Instance;
import io.chatcontinuity.support.TwoInstances;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A consent change on one instance holds on the other at its very next request. */
class ConsentAcrossInstancesIT extends TwoInstances {

    @Test
    void aWithdrawalOnOneInstanceStopsTheNextAnalyticsWriteOnTheOther() {
        String appId = a.createApp("Consent on two instances", Map.of("consent", Map.of("mode", "flag")))
                .getString("appId");
        String token = a.newSessionToken(appId);

        signal(a, token, true);
        b.request()
                .auth()
                .oauth2(token)
                .get("/v1/sessions/current/consent")
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"));
        String analyticsToken = b.request()
                .auth()
                .oauth2(token)
                .post("/v1/sessions/current/analytics-token")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        postEvent(b, token, analyticsToken).then().statusCode(202).body("accepted", equalTo(1));

        signal(a, token, false);
        postEvent(b, token, analyticsToken).then().statusCode(403).body("type", equalTo("/problems/consent-required"));
        b.request()
                .auth()
                .oauth2(token)
                .post("/v1/sessions/current/analytics-token")
                .then()
                .statusCode(403);

        signal(b, token, true);
        postEvent(a, token, analyticsToken).then().statusCode(202);
    }

    private static void signal(Instance instance, String token, boolean analytics) {
        instance.request()
                .auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("analytics", analytics))
                .put("/v1/sessions/current/consent")
                .then()
                .statusCode(200)
                .body("analytics", equalTo(analytics ? "granted" : "denied"));
    }

    private static Response postEvent(Instance instance, String token, String analyticsToken) {
        return instance.request()
                .auth()
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
                .post("/v1/sessions/current/analytics/events");
    }
}
