package io.chatcontinuity.consent;

import io.chatcontinuity.support.ServiceInstances;
import io.chatcontinuity.support.ServiceInstances.Instance;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A consent change on one instance holds on the other at its very next request. */
class ConsentAcrossInstancesIT {

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
    void aWithdrawalOnOneInstanceStopsTheNextAnalyticsWriteOnTheOther() {
        String appId = at(a).auth().oauth2(ServiceInstances.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "Consent on two instances", "allowedOrigins", List.of("https://shop.example.com"),
                        "settings", Map.of("consent", Map.of("mode", "flag"))))
                .post("/v1/admin/apps").then().statusCode(201).extract().path("appId");
        String token = at(a).contentType(ContentType.JSON).body("{}").post("/v1/apps/" + appId + "/sessions")
                .then().statusCode(201).extract().path("token");

        signal(a, token, true);
        at(b).auth().oauth2(token).get("/v1/sessions/current/consent").then().statusCode(200)
                .body("analytics", equalTo("granted"));
        String analyticsToken = at(b).auth().oauth2(token).post("/v1/sessions/current/analytics-token")
                .then().statusCode(201).extract().path("token");
        postEvent(b, token, analyticsToken).then().statusCode(202).body("accepted", equalTo(1));

        signal(a, token, false);
        postEvent(b, token, analyticsToken).then().statusCode(403)
                .body("type", equalTo("/problems/consent-required"));
        at(b).auth().oauth2(token).post("/v1/sessions/current/analytics-token").then().statusCode(403);

        signal(b, token, true);
        postEvent(a, token, analyticsToken).then().statusCode(202);
    }

    private static void signal(Instance instance, String token, boolean analytics) {
        at(instance).auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("analytics", analytics))
                .put("/v1/sessions/current/consent").then().statusCode(200)
                .body("analytics", equalTo(analytics ? "granted" : "denied"));
    }

    private static io.restassured.response.Response postEvent(Instance instance, String token, String analyticsToken) {
        return at(instance).auth().oauth2(token).header("X-Analytics-Token", analyticsToken).contentType(ContentType.JSON)
                .body(Map.of("events", List.of(Map.of("type", "widget.opened", "at", Instant.now().minusSeconds(1).toString()))))
                .post("/v1/sessions/current/analytics/events");
    }

    private static RequestSpecification at(Instance instance) {
        return given().baseUri(instance.url());
    }
}
