package io.chatcontinuity.consent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.chatcontinuity.support.StoresBehindProxies;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.common.QuarkusTestResource;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Consent decisions and gated analytics writes while Redis or Postgres is down: 503 with Retry-After, no record or
 * event written, and the decision in force unchanged once the store is back.
 */
@QuarkusTest
@QuarkusTestResource(value = StoresBehindProxies.class, restrictToAnnotatedClass = true)
class ConsentOutageTest {

    @Inject
    Pool postgres;

    @AfterEach
    void restore() {
        StoresBehindProxies.restoreAndAwaitReady();
    }

    record Visitor(String token, String sessionId, String visitorId) {}

    static Visitor grantedFlagVisitor() {
        String appId =
                TestApps.create(Map.of("consent", Map.of("mode", "flag"))).getString("appId");
        JsonPath session = TestSessions.startAnonymous(appId);
        Visitor visitor = new Visitor(
                session.getString("token"), session.getString("session.id"), session.getString("session.visitorId"));
        signal(visitor, true).then().statusCode(200);
        return visitor;
    }

    static Response signal(Visitor visitor, boolean analytics) {
        return given().auth()
                .oauth2(visitor.token())
                .contentType(ContentType.JSON)
                .body(Map.of("analytics", analytics))
                .put("/v1/sessions/current/consent");
    }

    static void assertUnavailable(Response response) {
        response.then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unavailable"))
                .header("Retry-After", notNullValue());
    }

    @Test
    void redisDownRefusesADecisionAndRecordsNothing() {
        Visitor visitor = grantedFlagVisitor();

        StoresBehindProxies.redis.cut();
        assertUnavailable(signal(visitor, false));
        assertUnavailable(given().auth().oauth2(visitor.token()).get("/v1/sessions/current/consent"));
        StoresBehindProxies.redis.restore();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(visitor.token())
                        .get("/v1/sessions/current/consent")
                        .then()
                        .statusCode(200)
                        .body("analytics", equalTo("granted")));
        assertThat(count("consent_records", visitor), equalTo(1L));
    }

    @Test
    void postgresDownRefusesADecisionRecordsNothingAndLeavesThePreviousInForce() {
        Visitor visitor = grantedFlagVisitor();

        StoresBehindProxies.postgres.cut();
        assertUnavailable(signal(visitor, false));
        StoresBehindProxies.postgres.restore();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(visitor.token())
                        .get("/v1/sessions/current/consent")
                        .then()
                        .statusCode(200)
                        .body("analytics", equalTo("granted")));
        assertThat(count("consent_records", visitor), equalTo(1L));
    }

    @Test
    void postgresDownStoresNoEvents() {
        Visitor visitor = grantedFlagVisitor();
        String analyticsToken = given().auth()
                .oauth2(visitor.token())
                .post("/v1/sessions/current/analytics-token")
                .then()
                .statusCode(201)
                .extract()
                .path("token");

        StoresBehindProxies.postgres.cut();
        assertUnavailable(given().auth()
                .oauth2(visitor.token())
                .header("X-Analytics-Token", analyticsToken)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "events",
                        List.of(Map.of("type", "a", "at", Instant.now().toString()))))
                .post("/v1/sessions/current/analytics/events"));
        StoresBehindProxies.postgres.restore();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        assertThat(count("analytics_events", visitor), equalTo(0L));
    }

    private long count(String table, Visitor visitor) {
        return postgres.preparedQuery("select count(*) from " + table + " where visitor_id = $1")
                .execute(Tuple.of(visitor.visitorId()))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }
}
