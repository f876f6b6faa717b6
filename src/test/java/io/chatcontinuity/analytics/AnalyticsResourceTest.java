package io.chatcontinuity.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.chatcontinuity.support.TestSessions.Visitor;
import io.chatcontinuity.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AnalyticsResourceTest {

    @Inject
    Pool postgres;

    static Visitor flagVisitor() {
        return TestSessions.visitorOf(Map.of("mode", "flag"));
    }

    static void signal(Visitor visitor, boolean analytics) {
        given().auth()
                .oauth2(visitor.token())
                .contentType(ContentType.JSON)
                .body(Map.of("analytics", analytics))
                .put("/v1/sessions/current/consent")
                .then()
                .statusCode(200);
    }

    static Response requestToken(Visitor visitor) {
        return given().auth().oauth2(visitor.token()).post("/v1/sessions/current/analytics-token");
    }

    static String analyticsToken(Visitor visitor) {
        return requestToken(visitor).then().statusCode(201).extract().path("token");
    }

    static Response post(String chatToken, String analyticsToken, Object body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (chatToken != null) {
            request.auth().oauth2(chatToken);
        }
        if (analyticsToken != null) {
            request.header("X-Analytics-Token", analyticsToken);
        }
        return request.post("/v1/sessions/current/analytics/events");
    }

    static Map<String, Object> event(String type) {
        return Map.of("type", type, "at", Instant.now().minusSeconds(5).toString());
    }

    static Map<String, Object> events(Object... events) {
        return Map.of("events", List.of(events));
    }

    @Test
    void withoutConsentManagementTokensAndEventsGoAheadAtOnce() {
        Visitor visitor = TestSessions.visitorOf(Map.of());
        Response issued = requestToken(visitor);
        issued.then().statusCode(201).body("token", notNullValue()).body("expiresAt", notNullValue());
        String token = issued.path("token");

        JsonPath claims = TestTokens.payload(token);
        assertThat(claims.getString("typ"), equalTo("analytics"));
        assertThat(claims.getString("aud"), equalTo(visitor.appId()));
        assertThat(claims.getString("sub"), equalTo(visitor.visitorId()));
        assertThat(claims.getString("sid"), equalTo(visitor.sessionId()));
        long lifetime = claims.getLong("exp") - claims.getLong("iat");
        assertThat(lifetime, allOf(greaterThan(0L), lessThanOrEqualTo(3600L)));
        assertThat(TestTokens.header(token).getString("kid"), equalTo(TestTokens.ACTIVE_KID));

        OffsetDateTime at =
                OffsetDateTime.now(ZoneOffset.ofHours(2)).minusMinutes(1).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> opened = Map.of(
                "type",
                "widget.opened",
                "at",
                at.toString(),
                "props",
                Map.of("page", "/checkout", "nested", Map.of("depth", List.of(1, 2))));
        post(visitor.token(), token, events(opened, event("message.sent")))
                .then()
                .statusCode(202)
                .body("accepted", equalTo(2));

        List<Map<String, Object>> stored = storedEvents(visitor);
        assertThat(stored.size(), equalTo(2));
        assertThat(stored.get(0).get("type"), equalTo("widget.opened"));
        assertThat(stored.get(0).get("props").toString(), containsString("/checkout"));
        assertThat(stored.get(0).get("app_id"), equalTo(visitor.appId()));
        assertThat(stored.get(0).get("visitor_id"), equalTo(visitor.visitorId()));
        assertThat(((OffsetDateTime) stored.get(0).get("at")).toInstant(), equalTo(at.toInstant()));
        assertThat(stored.get(1).get("props"), equalTo(null));
    }

    @Test
    void withoutConsentNoTokenIsIssuedAndNothingIsStored() {
        Visitor visitor = TestSessions.visitorOf(Map.of("mode", "tcf", "vendorId", 1234));
        requestToken(visitor)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/consent-required"))
                .body("detail", containsString("no TC string yet"));

        Visitor flag = flagVisitor();
        requestToken(flag).then().statusCode(403).body("type", equalTo("/problems/consent-required"));
        signal(flag, true);
        String token = analyticsToken(flag);
        signal(flag, false);
        requestToken(flag).then().statusCode(403).body("type", equalTo("/problems/consent-required"));
        post(flag.token(), token, events(event("widget.opened")))
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/consent-required"))
                .body("detail", containsString("analytics not consented"));
        assertThat(storedEvents(flag).size(), equalTo(0));
    }

    @Test
    void withdrawalStopsTheVeryNextWriteAndRegrantingResumes() {
        Visitor visitor = flagVisitor();
        signal(visitor, true);
        String token = analyticsToken(visitor);
        post(visitor.token(), token, events(event("a"))).then().statusCode(202).body("accepted", equalTo(1));

        signal(visitor, false);
        post(visitor.token(), token, events(event("b")))
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/consent-required"));

        signal(visitor, true);
        post(visitor.token(), token, events(event("c"))).then().statusCode(202);
        assertThat(storedEvents(visitor).stream().map(e -> e.get("type")).toList(), equalTo(List.of("a", "c")));
    }

    @Test
    void analyticsTokenIsNotAChatTokenAndAChatTokenIsNotAnAnalyticsToken() {
        Visitor visitor = flagVisitor();
        signal(visitor, true);
        String analytics = analyticsToken(visitor);

        given().auth()
                .oauth2(analytics)
                .get("/v1/sessions/current")
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
        given().auth()
                .oauth2(analytics)
                .get("/v1/sessions/current/consent")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(analytics)
                .post("/v1/sessions/current/analytics-token")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(analytics)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + visitor.appId() + "/sessions")
                .then()
                .statusCode(401);
        post(analytics, analytics, events(event("a"))).then().statusCode(401);

        post(visitor.token(), visitor.token(), events(event("a")))
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
        post(visitor.token(), null, events(event("a")))
                .then()
                .statusCode(401)
                .body("detail", containsString("X-Analytics-Token"));
        post(visitor.token(), analytics + "x", events(event("a"))).then().statusCode(401);
        post(null, analytics, events(event("a"))).then().statusCode(401);
        assertThat(storedEvents(visitor).size(), equalTo(0));
    }

    @Test
    void anotherSessionsOrAppsAnalyticsTokenIsForbidden() {
        Visitor visitor = flagVisitor();
        signal(visitor, true);
        Visitor sameApp = new Visitor(visitor.appId(), TestSessions.anonymousToken(visitor.appId()), null, null);
        signal(sameApp, true);
        String othersToken = analyticsToken(sameApp);
        post(visitor.token(), othersToken, events(event("a")))
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));

        Visitor otherApp = flagVisitor();
        signal(otherApp, true);
        post(visitor.token(), analyticsToken(otherApp), events(event("a")))
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        post(otherApp.token(), analyticsToken(visitor), events(event("a")))
                .then()
                .statusCode(403);
        assertThat(storedEvents(visitor).size(), equalTo(0));
        assertThat(storedEvents(otherApp).size(), equalTo(0));
    }

    @Test
    void endedSessionsAnalyticsTokenStopsWorking() {
        Visitor visitor = flagVisitor();
        signal(visitor, true);
        String analytics = analyticsToken(visitor);
        given().auth()
                .oauth2(visitor.token())
                .delete("/v1/sessions/current")
                .then()
                .statusCode(204);
        post(visitor.token(), analytics, events(event("a"))).then().statusCode(401);
        assertThat(storedEvents(visitor).size(), equalTo(0));
    }

    @Test
    void badEventsNameTheFieldAndStoreNothing() {
        Visitor visitor = flagVisitor();
        signal(visitor, true);
        String token = analyticsToken(visitor);

        post(visitor.token(), token, Map.of("events", List.of()))
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors.field", hasItems("events"));
        post(visitor.token(), token, Map.of("events", Collections.nCopies(101, event("a"))))
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("events"));
        post(visitor.token(), token, "{}").then().statusCode(400).body("errors.field", hasItems("events"));
        post(visitor.token(), token, "[]").then().statusCode(400).body("errors.field", hasItems("body"));

        Map<String, Object> deep = Map.of("a", Map.of("b", Map.of("c", Map.of("d", List.of(1)))));
        Map<String, Object> big = Map.of("blob", "x".repeat(AnalyticsEvent.MAX_PROPS_BYTES));
        post(
                        visitor.token(),
                        token,
                        events(
                                event("ok"),
                                Map.of(
                                        "type",
                                        "x".repeat(65),
                                        "at",
                                        Instant.now().toString()),
                                Map.of("type", "has space", "at", Instant.now().toString()),
                                Map.of("at", Instant.now().toString()),
                                Map.of("type", "a", "at", "yesterday"),
                                Map.of(
                                        "type",
                                        "a",
                                        "at",
                                        Instant.now().plus(1, ChronoUnit.HOURS).toString()),
                                Map.of(
                                        "type",
                                        "a",
                                        "at",
                                        Instant.now().minus(8, ChronoUnit.DAYS).toString()),
                                Map.of("type", "a", "at", Instant.now().toString(), "props", List.of(1)),
                                Map.of("type", "a", "at", Instant.now().toString(), "props", big),
                                Map.of("type", "a", "at", Instant.now().toString(), "props", deep),
                                Map.of("type", "a", "at", Instant.now().toString(), "props", Map.of("nul", "a\u0000b")),
                                Map.of("type", "a", "at", Instant.now().toString(), "colour", "red"),
                                "not an event"))
                .then()
                .statusCode(400)
                .body(
                        "errors.field",
                        hasItems(
                                "events[1].type",
                                "events[2].type",
                                "events[3].type",
                                "events[4].at",
                                "events[5].at",
                                "events[6].at",
                                "events[7].props",
                                "events[8].props",
                                "events[9].props",
                                "events[10].props",
                                "events[11].colour",
                                "events[12]"));
        post(
                        visitor.token(),
                        token,
                        "{\"events\": [{\"type\": \"a\", \"at\": \"" + Instant.now()
                                + "\", \"props\": {\"n\": 1e400}}]}")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("events[0].props"));
        post(
                        visitor.token(),
                        token,
                        "{\"events\": [{\"type\": \"a\", \"at\": \"" + Instant.now()
                                + "\", \"props\": {\"s\": \"\\ud800\"}}]}")
                .then()
                .statusCode(400);
        post(visitor.token(), token, "{\"events\": [")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"));
        assertThat(storedEvents(visitor).size(), equalTo(0));
    }

    @Test
    void aFullBatchIsStoredInOneGoAndAnOversizedBodyIsRefused() {
        Visitor visitor = TestSessions.visitorOf(Map.of());
        String token = analyticsToken(visitor);
        List<Map<String, Object>> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(Map.of("type", "e" + i, "at", Instant.now().toString(), "props", Map.of("i", i)));
        }
        post(visitor.token(), token, Map.of("events", hundred))
                .then()
                .statusCode(202)
                .body("accepted", equalTo(100));
        assertThat(storedEvents(visitor).size(), equalTo(100));

        List<Map<String, Object>> large = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            large.add(Map.of("type", "big", "at", Instant.now().toString(), "props", Map.of("p", "y".repeat(3500))));
        }
        post(visitor.token(), token, Map.of("events", large))
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/payload-too-large"));
        assertThat(storedEvents(visitor).size(), equalTo(100));
    }

    @Test
    void widgetConfigListsTheAnalyticsItemWithTheTokensLifetime() {
        String appId = TestApps.create().getString("appId");
        given().get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(200)
                .body("storage.items.find { it.category == 'analytics' }.duration", equalTo("PT1H"));
    }

    List<Map<String, Object>> storedEvents(Visitor visitor) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : postgres.preparedQuery("select * from analytics_events where visitor_id = $1 order by id")
                .execute(Tuple.of(visitor.visitorId()))
                .await()
                .atMost(Duration.ofSeconds(5))) {
            Map<String, Object> columns = new HashMap<>();
            for (int i = 0; i < row.size(); i++) {
                columns.put(row.getColumnName(i), row.getValue(i));
            }
            rows.add(columns);
        }
        return rows;
    }
}
