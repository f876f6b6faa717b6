package io.chatcontinuity.widget.browser;

import static io.chatcontinuity.widget.browser.HostPages.SHOP;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Request;
import io.chatcontinuity.consent.tcf.TcStringEncoder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Consent in the page: the site's CMP (a stub speaking the TCF v2.2 CMP API with real TC strings) or a boolean flag
 * decides analytics; the essential chat never waits for it.
 */
@QuarkusTest
class ConsentInTheBrowserTest extends BrowserScenario {

    static final int VENDOR = 1234;
    static final Map<String, Object> TCF = Map.of("consent", Map.of("mode", "tcf", "vendorId", VENDOR));

    static String consenting() {
        return new TcStringEncoder().consent(1, 8, 9, 10).vendorConsents(VENDOR).encode();
    }

    static String refusing() {
        return new TcStringEncoder().consent(1).encode();
    }

    /** A visitor on a TCF brand's page with its CMP, chat open (so a session exists), and what the browser sends. */
    record Visit(BrandBackend brand, Widget widget, Traffic traffic) {}

    Visit tcfVisit() {
        BrandBackend brand = newBrand(TCF);
        BrowserContext visitor = newVisitor();
        Traffic traffic = new Traffic(visitor);
        Widget widget =
                Widget.load(visitor, pageOf(brand).headScript(StubCmp.SCRIPT).servedOn(hostPages, SHOP), brand.appId());
        widget.openChat();
        return new Visit(brand, widget, traffic);
    }

    @Test
    void noAnalyticsItemIsWrittenBeforeConsent() {
        Visit visit = tcfVisit();
        Widget widget = visit.widget();
        widget.send("Hello before any consent");
        widget.awaitShown("Hello before any consent");

        assertThat("the widget listens to the CMP", StubCmp.listeners(widget.page()), equalTo(1));
        assertThat(widget.localItem(widget.analyticsItemKey()), nullValue());
        assertThat(visit.traffic().to("POST", "/analytics-token"), empty());
        assertThat(visit.traffic().to("POST", "/analytics/events"), empty());
        assertThat(visit.traffic().to("PUT", "/consent"), empty());
    }

    @Test
    void tcloadedWithConsentStoresTheAnalyticsTokenAndEventsGoOutWithIt() {
        Visit visit = tcfVisit();
        Widget widget = visit.widget();
        String tcString = consenting();

        StubCmp.fire(widget.page(), "tcloaded", tcString);
        awaitAnalyticsItem(widget);

        assertThat(widget.consent().get("analytics"), equalTo("granted"));
        List<Traffic.Sent> puts = visit.traffic().to("PUT", "/consent");
        assertThat(puts, hasSize(1));
        assertThat(puts.get(0).json().getString("tcString"), equalTo(tcString));
        assertThat(puts.get(0).json().getBoolean("gdprApplies"), equalTo(true));

        StubCmp.fire(widget.page(), "useractioncomplete", tcString);
        Request events = widget.page()
                .waitForRequest(
                        request -> request.url().endsWith("/v1/sessions/current/analytics/events"),
                        () -> widget.send("Hello with consent"));
        assertThat(events.headers().get("x-analytics-token"), equalTo(widget.localItem(widget.analyticsItemKey())));
        assertThat("the same TC string is never sent twice", visit.traffic().to("PUT", "/consent"), hasSize(1));
    }

    @Test
    void aWithdrawalRemovesTheAnalyticsTokenAndEventsAreRefused() {
        Visit visit = tcfVisit();
        Widget widget = visit.widget();
        StubCmp.fire(widget.page(), "tcloaded", consenting());
        awaitAnalyticsItem(widget);
        String analyticsToken = widget.localItem(widget.analyticsItemKey());
        String chatToken = visit.traffic().lastBearer();

        StubCmp.fire(widget.page(), "useractioncomplete", refusing());
        widget.page().waitForFunction("key => localStorage.getItem(key) === null", widget.analyticsItemKey());

        assertThat(widget.consent().get("analytics"), equalTo("denied"));
        given().auth()
                .oauth2(chatToken)
                .header("X-Analytics-Token", analyticsToken)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "events",
                        List.of(Map.of(
                                "type", "widget_opened", "at", Instant.now().toString()))))
                .post("/v1/sessions/current/analytics/events")
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/consent-required"));
    }

    @Test
    void cmpuishownChangesNothing() {
        Visit visit = tcfVisit();
        Widget widget = visit.widget();
        String refused = refusing();

        StubCmp.fire(widget.page(), "cmpuishown", consenting());
        StubCmp.fire(widget.page(), "useractioncomplete", refused);
        widget.page().waitForFunction("() => window.$chat.get('consent')?.analytics === 'denied'");

        List<Traffic.Sent> puts = visit.traffic().to("PUT", "/consent");
        assertThat(puts, hasSize(1));
        assertThat(puts.get(0).json().getString("tcString"), equalTo(refused));
        assertThat(widget.localItem(widget.analyticsItemKey()), nullValue());
        assertThat(visit.traffic().to("POST", "/analytics-token"), empty());
    }

    @Test
    void gdprNotApplyingGrantsAnalyticsWithoutATcString() {
        Visit visit = tcfVisit();
        Widget widget = visit.widget();

        StubCmp.fireGdprDoesNotApply(widget.page());
        awaitAnalyticsItem(widget);

        assertThat(widget.consent().get("basis"), equalTo("gdpr-not-applicable"));
        List<Traffic.Sent> puts = visit.traffic().to("PUT", "/consent");
        assertThat(puts, hasSize(1));
        assertThat(puts.get(0).json().getBoolean("gdprApplies"), equalTo(false));
        assertThat(puts.get(0).json().getString("tcString"), nullValue());
    }

    @Test
    void flagModeConsentGivenAfterLoadStoresTheAnalyticsTokenAndWithdrawingRemovesIt() {
        BrandBackend brand = newBrand(Map.of("consent", Map.of("mode", "flag", "analyticsDefault", false)));
        BrowserContext visitor = newVisitor();
        Traffic traffic = new Traffic(visitor);
        Widget widget = Widget.load(
                visitor,
                pageOf(brand)
                        .runtimeConfig("{ cookieConsent: { ANALYTICS: false } }")
                        .servedOn(hostPages, SHOP),
                brand.appId());
        widget.openChat();
        widget.page().waitForFunction("() => window.$chat.get('consent')?.analytics === 'denied'");
        assertThat(widget.localItem(widget.analyticsItemKey()), nullValue());

        widget.run("set", "consent:analytics", true);
        awaitAnalyticsItem(widget);
        assertThat(widget.consent().get("analytics"), equalTo("granted"));
        assertThat(widget.consent().get("basis"), equalTo("flag"));
        assertThat(
                traffic.to("PUT", "/consent").stream()
                        .map(put -> put.json().getBoolean("analytics"))
                        .toList(),
                equalTo(List.of(false, true)));

        widget.run("set", "consent:analytics", false);
        assertThat(widget.localItem(widget.analyticsItemKey()), nullValue());
        assertThat(widget.consent().get("analytics"), equalTo("denied"));
    }

    private static void awaitAnalyticsItem(Widget widget) {
        widget.page().waitForFunction("key => !!localStorage.getItem(key)", widget.analyticsItemKey());
    }
}
