package io.chatcontinuity.widget.browser;

import static io.chatcontinuity.widget.browser.HostPages.SHOP;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Response;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The widget is a guest in the brand's page: it obeys a strict CSP, leaves the page alone, and ships little. */
@QuarkusTest
class HostPageIsolationTest extends BrowserScenario {

    /** The budget: JavaScript and CSS before the launcher shows, as sent (gzip-encoded by the service). */
    static final int SHIPPED_BUDGET_BYTES = 15 * 1024;
    /** The brand's own button as the brand styled it (an expression evaluated in the page). */
    static final String BRAND_BUTTON_STYLE = "(s => ({ background: s.backgroundColor, font: s.fontFamily,"
            + " display: s.display, color: s.color }))(getComputedStyle(document.getElementById('brand-button')))";

    @Test
    void aStrictContentSecurityPolicyPageRecordsNoViolation() {
        BrandBackend brand = newBrand(Map.of("storage", "cross-domain", "cookieDomain", ".brand.localhost"));
        String service = serviceUrl();
        String policy = "default-src 'none'; script-src 'nonce-" + BrandPage.NONCE + "' " + service
                + "; style-src 'nonce-" + BrandPage.NONCE + "' " + service + "; connect-src " + service
                + "; frame-src " + service + "; img-src " + service + "; font-src " + service
                + "; base-uri 'none'; form-action 'none'";
        BrowserContext visitor = newVisitor();
        List<String> refusals = new CopyOnWriteArrayList<>();
        visitor.onConsoleMessage(message -> recordRefusal(message, refusals));
        Widget widget = Widget.load(
                visitor,
                pageOf(brand)
                        .headScript("window.violations = [];\n"
                                + "document.addEventListener('securitypolicyviolation', e => window.violations.push("
                                + "e.violatedDirective + ' ' + e.blockedURI));")
                        .header("Content-Security-Policy", policy)
                        .servedOn(hostPages, SHOP),
                brand.appId());

        widget.openChat();
        widget.send("Does this work under a strict policy?");
        widget.awaitShown("Does this work under a strict policy?");
        brand.agentSays(widget.conversationId(), "It does.");
        widget.awaitShown("It does.");
        widget.page().keyboard().press("Escape");
        widget.launcher().waitFor();

        assertThat(widget.page().evaluate("() => window.violations"), equalTo(List.of()));
        assertThat(refusals, empty());
    }

    @Test
    void theHostPagesGlobalsAndStylesAreUntouched() {
        BrandBackend brand = newBrand(Map.of());
        Widget widget = Widget.load(
                newVisitor(),
                pageOf(brand)
                        .head(BrandPage.style("""
                        button { background: rgb(255, 0, 0) !important; font-family: serif; }
                        [role="dialog"], [aria-label], textarea { display: none !important; }
                        """))
                        .headScript("window.brandGlobals = Object.getOwnPropertyNames(window);")
                        .body("<button id=\"brand-button\">Add to basket</button>")
                        .body(BrandPage.script("window.brandButtonBefore = " + BRAND_BUTTON_STYLE + ";\n"
                                + "window.brandSheets = document.styleSheets.length;"))
                        .servedOn(hostPages, SHOP),
                brand.appId());

        widget.openChat();
        widget.send("Styled by my own sheet?");
        widget.awaitShown("Styled by my own sheet?");

        List<String> snippetAndTest =
                List.of("$chat", "CHAT_APP_ID", "brandGlobals", "brandButtonBefore", "brandSheets");
        assertThat(
                widget.page()
                        .evaluate(
                                "names => Object.getOwnPropertyNames(window)"
                                        + ".filter(name => !window.brandGlobals.includes(name)"
                                        + " && !names.includes(name))",
                                snippetAndTest),
                equalTo(List.of()));
        assertThat(widget.page().evaluate("() => document.styleSheets.length === window.brandSheets"), equalTo(true));
        assertThat(
                widget.page()
                        .evaluate("() => JSON.stringify(" + BRAND_BUTTON_STYLE
                                + ") === JSON.stringify(window.brandButtonBefore)"),
                equalTo(true));
        assertThat(
                widget.launcher().evaluate("el => getComputedStyle(el).backgroundColor"),
                not(equalTo("rgb(255, 0, 0)")));
    }

    @Test
    void atMostFifteenKilobytesOfScriptAndStyleShipGzippedBeforeTheLauncherShows() {
        BrandBackend brand = newBrand(Map.of());
        BrowserContext visitor = newVisitor();
        List<Response> responses = new CopyOnWriteArrayList<>();
        visitor.onResponse(response -> {
            if (isScriptOrStyleOfTheService(response)) {
                responses.add(response);
            }
        });
        Widget.load(visitor, pageOf(brand).servedOn(hostPages, SHOP), brand.appId());

        Map<String, String> shipped = new TreeMap<>();
        int onTheWire = 0;
        for (Response response : List.copyOf(responses)) {
            response.finished();
            int bytes = response.request().sizes().responseBodySize;
            shipped.put(response.url(), bytes + " bytes " + response.headerValue("content-encoding"));
            assertThat(response.url(), response.headerValue("content-encoding"), equalTo("gzip"));
            onTheWire += bytes;
        }
        assertThat(shipped.keySet().stream().anyMatch(url -> url.contains("/widget/v1/loader.js")), equalTo(true));
        assertThat("shipped " + shipped, onTheWire, lessThanOrEqualTo(SHIPPED_BUDGET_BYTES));
    }

    static boolean isScriptOrStyleOfTheService(Response response) {
        String path = response.url().replaceFirst("[?#].*$", "");
        return path.startsWith(serviceUrl()) && (path.endsWith(".js") || path.endsWith(".css"));
    }

    private static void recordRefusal(ConsoleMessage message, List<String> refusals) {
        if (message.text().contains("Content Security Policy") || message.text().contains("Refused to")) {
            refusals.add(message.text());
        }
    }
}
