package io.chatcontinuity.consent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatcontinuity.consent.tcf.RestrictionType;
import io.chatcontinuity.consent.tcf.TcStringEncoder;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.chatcontinuity.support.TestSessions.Visitor;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsentResourceTest {

    static final int VENDOR = 1234;

    @Inject
    Pool postgres;

    @Inject
    RedisDataSource redis;

    static Visitor tcfVisitor() {
        return TestSessions.visitorOf(Map.of("mode", "tcf", "vendorId", VENDOR));
    }

    static TcStringEncoder consentedForAnalytics() {
        return new TcStringEncoder().consent(1, 8, 9, 10).vendorConsents(VENDOR);
    }

    static Response put(Visitor visitor, Object body) {
        return given().auth()
                .oauth2(visitor.token())
                .contentType(ContentType.JSON)
                .body(body)
                .put("/v1/sessions/current/consent");
    }

    static Response putTcString(Visitor visitor, String tcString) {
        return put(visitor, Map.of("tcString", tcString, "gdprApplies", true));
    }

    static Response get(Visitor visitor) {
        return given().auth().oauth2(visitor.token()).get("/v1/sessions/current/consent");
    }

    @Test
    void modeNoneGrantsWithoutASignalAndRecordsNothing() {
        Visitor visitor = TestSessions.visitorOf(Map.of());
        get(visitor)
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"))
                .body("basis", equalTo("not-managed"))
                .body("reasons", empty())
                .body("tcf", nullValue())
                .body("decidedAt", nullValue());

        put(visitor, Map.of("analytics", false))
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"))
                .body("basis", equalTo("not-managed"));
        put(visitor, Map.of("tcString", "garbage", "gdprApplies", true))
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"));
        put(visitor, Map.of("analytics", "no"))
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors.field", hasItem("analytics"));
        assertThat(records(visitor), empty());
    }

    @Test
    void flagModeStartsAtTheAppsDefaultAndFollowsEverySignal() {
        Visitor visitor = TestSessions.visitorOf(Map.of("mode", "flag"));
        get(visitor)
                .then()
                .statusCode(200)
                .body("analytics", equalTo("denied"))
                .body("basis", equalTo("flag"))
                .body("reasons", contains("no consent signal yet"))
                .body("decidedAt", nullValue());

        put(visitor, Map.of("analytics", true))
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"))
                .body("basis", equalTo("flag"))
                .body("reasons", empty())
                .body("tcf", nullValue())
                .body("decidedAt", notNullValue());
        get(visitor).then().body("analytics", equalTo("granted")).body("decidedAt", notNullValue());

        put(visitor, Map.of("analytics", false))
                .then()
                .statusCode(200)
                .body("analytics", equalTo("denied"))
                .body("reasons", contains("analytics not consented"));
        get(visitor).then().body("analytics", equalTo("denied"));

        List<Map<String, Object>> records = records(visitor);
        assertThat(records.size(), equalTo(2));
        assertThat(records.get(0).get("raw_input"), equalTo("true"));
        assertThat(records.get(0).get("outcome"), equalTo("granted"));
        assertThat(records.get(1).get("raw_input"), equalTo("false"));
        assertThat(records.get(1).get("outcome"), equalTo("denied"));
        assertThat(records.get(1).get("reasons"), equalTo(List.of("analytics not consented")));
        assertThat(records.get(1).get("visitor_id"), equalTo(visitor.visitorId()));
        assertThat(records.get(1).get("mode"), equalTo("flag"));
    }

    @Test
    void flagModeWithAnalyticsDefaultIsGrantedBeforeAnySignal() {
        Visitor visitor = TestSessions.visitorOf(Map.of("mode", "flag", "analyticsDefault", true));
        get(visitor)
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"))
                .body("basis", equalTo("flag"))
                .body("decidedAt", nullValue());
    }

    @Test
    void tcfModeIsDeniedUntilAStringArrivesAndGrantedByOneThatConsents() {
        Visitor visitor = tcfVisitor();
        get(visitor)
                .then()
                .statusCode(200)
                .body("analytics", equalTo("denied"))
                .body("basis", equalTo("tcf"))
                .body("reasons", contains("no TC string yet"));

        String tcString = consentedForAnalytics().encode();
        putTcString(visitor, tcString)
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"))
                .body("basis", equalTo("tcf"))
                .body("reasons", empty())
                .body("tcf.cmpId", equalTo(300))
                .body("tcf.policyVersion", equalTo(5))
                .body("tcf.created", equalTo("2024-06-01T00:00:00Z"))
                .body("tcf.vendorListVersion", equalTo(150))
                .body("decidedAt", notNullValue());
        get(visitor).then().body("analytics", equalTo("granted")).body("tcf.cmpId", equalTo(300));

        Map<String, Object> record = records(visitor).get(0);
        assertThat(record.get("raw_input"), equalTo(tcString));
        assertThat(record.get("gdpr_applies"), equalTo(true));
        assertThat(record.get("basis"), equalTo("tcf"));
        assertThat(record.get("cmp_id"), equalTo(300));
        assertThat(record.get("vendor_list_version"), equalTo(150));
        assertThat(record.get("policy"), equalTo("tcf vendor=1234 purposes=1,8,9,10 li= disclosed=auto"));
    }

    @Test
    void everyFailedTcfRuleIsNamedInReasons() {
        Visitor visitor = tcfVisitor();
        putTcString(
                        visitor,
                        new TcStringEncoder()
                                .consent(1, 9)
                                .vendorConsents(VENDOR + 1)
                                .encode())
                .then()
                .statusCode(200)
                .body("analytics", equalTo("denied"))
                .body("basis", equalTo("tcf"))
                .body(
                        "reasons",
                        contains("vendor 1234 not consented", "purpose 8 not consented", "purpose 10 not consented"))
                .body("tcf.cmpId", equalTo(300));

        putTcString(
                        visitor,
                        consentedForAnalytics()
                                .restrict(9, RestrictionType.NOT_ALLOWED, VENDOR)
                                .encode())
                .then()
                .statusCode(200)
                .body("reasons", contains("purpose 9 restricted by publisher"));

        Visitor strict =
                TestSessions.visitorOf(Map.of("mode", "tcf", "vendorId", VENDOR, "disclosedVendors", "strict"));
        putTcString(strict, consentedForAnalytics().encode())
                .then()
                .statusCode(200)
                .body("reasons", contains("vendor 1234 not disclosed"));
        putTcString(strict, consentedForAnalytics().disclosed(VENDOR).encode())
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"));

        Visitor onLegitimateInterest = TestSessions.visitorOf(Map.of(
                "mode", "tcf", "vendorId", VENDOR, "purposes", List.of(1), "legitimateInterestPurposes", List.of(8)));
        putTcString(
                        onLegitimateInterest,
                        new TcStringEncoder()
                                .consent(1, 8)
                                .vendorConsents(VENDOR)
                                .encode())
                .then()
                .statusCode(200)
                .body(
                        "reasons",
                        contains(
                                "purpose 8 legitimate interest not established",
                                "vendor 1234 legitimate interest not established"));
        assertThat(records(visitor).get(1).get("reasons"), equalTo(List.of("purpose 9 restricted by publisher")));
    }

    @Test
    void gdprNotApplyingGrantsWithoutAString() {
        Visitor visitor = tcfVisitor();
        put(visitor, Map.of("gdprApplies", false))
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"))
                .body("basis", equalTo("gdpr-not-applicable"))
                .body("reasons", empty())
                .body("tcf", nullValue());
        get(visitor).then().body("basis", equalTo("gdpr-not-applicable"));
        Map<String, Object> record = records(visitor).get(0);
        assertThat(record.get("gdpr_applies"), equalTo(false));
        assertThat(record.get("raw_input"), nullValue());
    }

    @Test
    void invalidTcStringIsRefusedAndDeniesAnalyticsUntilAValidOneArrives() {
        Visitor visitor = tcfVisitor();
        putTcString(visitor, consentedForAnalytics().encode())
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"));

        putTcString(visitor, "not a TC string!")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-tc-string"))
                .body("detail", containsString("base64url"));
        get(visitor)
                .then()
                .statusCode(200)
                .body("analytics", equalTo("denied"))
                .body("basis", equalTo("tcf"))
                .body("reasons[0]", containsString("invalid TC string: "))
                .body("tcf", nullValue());

        putTcString(visitor, consentedForAnalytics().policyVersion(2).encode())
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-tc-string"))
                .body("detail", containsString("olicy"));
        get(visitor).then().body("analytics", equalTo("denied"));

        putTcString(visitor, consentedForAnalytics().encode())
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"));
        get(visitor).then().body("analytics", equalTo("granted"));

        List<Map<String, Object>> records = records(visitor);
        assertThat(
                records.stream().map(r -> r.get("outcome")).toList(),
                contains("granted", "denied", "denied", "granted"));
        assertThat(records.get(1).get("raw_input"), equalTo("not a TC string!"));
        assertThat(records.get(1).get("reasons").toString(), containsString("invalid TC string: "));
    }

    @Test
    void tcStringOverEightKibIsAnInvalidStringAndIsNotStored() {
        Visitor visitor = tcfVisitor();
        putTcString(visitor, "C".repeat(8 * 1024 + 1))
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-tc-string"))
                .body("detail", containsString("longer than 8192"));
        get(visitor).then().body("analytics", equalTo("denied"));
        Map<String, Object> record = records(visitor).get(0);
        assertThat(record.get("raw_input"), nullValue());
        assertThat(record.get("outcome"), equalTo("denied"));
    }

    @Test
    void aHeavyStringWithinTheLimitIsDecided() {
        Visitor visitor = tcfVisitor();
        String heavy = heavyTcString();
        assertThat(heavy.length() > 6000 && heavy.length() <= 8192, equalTo(true));
        putTcString(visitor, heavy).then().statusCode(200).body("analytics", equalTo("granted"));
    }

    /** About 6 KB: vendor consent as a 36,000-bit field, every other vendor (ours included). */
    static String heavyTcString() {
        Set<Integer> vendors = new TreeSet<>();
        for (int id = VENDOR % 2; id <= 36_000; id += 2) {
            if (id > 0) {
                vendors.add(id);
            }
        }
        return new TcStringEncoder()
                .consent(1, 8, 9, 10)
                .vendorConsentsUpTo(36_000, vendors)
                .encode();
    }

    @Test
    void aBodyOfTheOtherModesShapeNamesTheFields() {
        Visitor tcf = tcfVisitor();
        put(tcf, Map.of("analytics", true))
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors.field", hasItems("analytics", "tcString"));
        put(tcf, Map.of("tcString", 42, "colour", "red"))
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("tcString", "colour"));
        put(tcf, Map.of("gdprApplies", "yes")).then().statusCode(400).body("errors.field", hasItem("gdprApplies"));

        Visitor flag = TestSessions.visitorOf(Map.of("mode", "flag"));
        put(flag, Map.of("tcString", "CQ", "gdprApplies", true))
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("tcString", "gdprApplies", "analytics"));
        put(flag, "[true]").then().statusCode(400).body("errors.field", hasItem("body"));
        put(flag, "{\"analytics\": tru").then().statusCode(400).body("type", equalTo("/problems/invalid-request"));
        given().auth()
                .oauth2(flag.token())
                .contentType(ContentType.JSON)
                .put("/v1/sessions/current/consent")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"));

        assertThat(records(tcf), empty());
        assertThat(records(flag), empty());
    }

    @Test
    void recordIsAppendedPerDecisionAndRefusesUpdatesButNotDeletes() {
        Visitor visitor = TestSessions.visitorOf(Map.of("mode", "flag"));
        put(visitor, Map.of("analytics", true)).then().statusCode(200);
        put(visitor, Map.of("analytics", true)).then().statusCode(200);
        put(visitor, Map.of("analytics", false)).then().statusCode(200);
        List<Map<String, Object>> before = records(visitor);
        assertThat(before.size(), equalTo(3));

        Throwable refused = assertThrows(
                Throwable.class,
                () -> postgres.preparedQuery("update consent_records set outcome = 'granted' where session_id = $1")
                        .execute(Tuple.of(visitor.sessionId()))
                        .await()
                        .atMost(Duration.ofSeconds(5)));
        assertThat(refused.getMessage(), containsString("append-only"));
        assertThat(records(visitor), equalTo(before));

        int deleted = postgres.preparedQuery("delete from consent_records where session_id = $1")
                .execute(Tuple.of(visitor.sessionId()))
                .await()
                .atMost(Duration.ofSeconds(5))
                .rowCount();
        assertThat(deleted, equalTo(3));
    }

    @Test
    void decisionLostByRedisIsReadBackFromTheRecord() {
        Visitor visitor = tcfVisitor();
        putTcString(visitor, consentedForAnalytics().encode()).then().statusCode(200);
        String decidedAt = get(visitor).then().extract().path("decidedAt");

        redis.execute("FLUSHDB");
        get(visitor)
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"))
                .body("basis", equalTo("tcf"))
                .body("tcf.created", equalTo("2024-06-01T00:00:00Z"))
                .body("decidedAt", equalTo(decidedAt));

        put(visitor, Map.of("tcString", "!", "gdprApplies", true)).then().statusCode(400);
        redis.key().del(ConsentStore.key(visitor.sessionId()));
        get(visitor)
                .then()
                .body("analytics", equalTo("denied"))
                .body("reasons[0]", containsString("invalid TC string"));
    }

    @Test
    void aDecisionMadeUnderOtherRequirementsNoLongerApplies() {
        Visitor visitor = tcfVisitor();
        putTcString(visitor, consentedForAnalytics().encode())
                .then()
                .statusCode(200)
                .body("analytics", equalTo("granted"));

        TestApps.patch(
                visitor.appId(),
                Map.of(
                        "settings",
                        Map.of("consent", Map.of("mode", "tcf", "vendorId", VENDOR, "purposes", List.of(1, 7)))));
        get(visitor).then().body("analytics", equalTo("denied")).body("reasons", contains("no TC string yet"));

        TestApps.patch(
                visitor.appId(),
                Map.of("settings", Map.of("consent", Map.of("mode", "flag", "analyticsDefault", true))));
        get(visitor)
                .then()
                .body("analytics", equalTo("granted"))
                .body("basis", equalTo("flag"))
                .body("decidedAt", nullValue());
        put(visitor, Map.of("analytics", false)).then().statusCode(200);

        TestApps.patch(
                visitor.appId(), Map.of("settings", Map.of("consent", Map.of("mode", "tcf", "vendorId", VENDOR))));
        get(visitor).then().body("analytics", equalTo("denied")).body("reasons", contains("no TC string yet"));
    }

    @Test
    void consentNeedsTheSessionsChatToken() {
        Visitor visitor = tcfVisitor();
        given().get("/v1/sessions/current/consent")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthorized"));
        given().contentType(ContentType.JSON)
                .body(Map.of("gdprApplies", false))
                .put("/v1/sessions/current/consent")
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
        given().auth()
                .oauth2(visitor.token() + "x")
                .get("/v1/sessions/current/consent")
                .then()
                .statusCode(401);

        given().auth()
                .oauth2(visitor.token())
                .delete("/v1/sessions/current")
                .then()
                .statusCode(204);
        put(visitor, Map.of("gdprApplies", false)).then().statusCode(401);
        assertThat(records(visitor), empty());
    }

    @Test
    void eachSessionHasItsOwnDecisionAndAppsDoNotShare() {
        Visitor first = TestSessions.visitorOf(Map.of("mode", "flag"));
        String secondToken = TestSessions.anonymousToken(first.appId());
        put(first, Map.of("analytics", true)).then().statusCode(200);
        given().auth()
                .oauth2(secondToken)
                .get("/v1/sessions/current/consent")
                .then()
                .body("analytics", equalTo("denied"));

        Visitor otherApp = TestSessions.visitorOf(Map.of("mode", "flag"));
        get(otherApp).then().body("analytics", equalTo("denied"));
    }

    @Test
    void settingsKeepTheDisclosedVendorsNames() {
        for (String rule : List.of("strict", "lenient", "auto")) {
            JsonPath app =
                    TestApps.create(Map.of("consent", Map.of("mode", "tcf", "vendorId", 1, "disclosedVendors", rule)));
            assertThat(app.getString("settings.consent.disclosedVendors"), equalTo(rule));
        }
    }

    /** The session's consent records, oldest first, column by column. */
    List<Map<String, Object>> records(Visitor visitor) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : postgres.preparedQuery("select * from consent_records where session_id = $1 order by id")
                .execute(Tuple.of(visitor.sessionId()))
                .await()
                .atMost(Duration.ofSeconds(5))) {
            Map<String, Object> columns = new HashMap<>();
            for (int i = 0; i < row.size(); i++) {
                Object value = row.getValue(i);
                columns.put(row.getColumnName(i), value instanceof String[] texts ? List.of(texts) : value);
            }
            rows.add(columns);
        }
        return rows;
    }
}
