package io.chatcontinuity.widget.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.PlaywrightException;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every browser test class shares: one headless Chromium per class (a fresh incognito context per test, so no
 * storage leaks between tests), the brand's web server, and the running service on its test port. The service is
 * reached as {@code 127.0.0.1}, another site than the brand's {@code *.brand.localhost} pages, as a third-party
 * widget is.
 */
@ExtendWith(ChromiumCondition.class)
abstract class BrowserScenario {

    static Browser browser;
    static HostPages hostPages;

    private final List<BrowserContext> contexts = new ArrayList<>();

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.launch();
        hostPages = new HostPages();
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
        hostPages.close();
    }

    /**
     * Closing a context can meet an event of one of its pages that is already gone ("Object doesn't exist:
     * page@..."), a race in Playwright's client, seen once (a CI run of 2026-12-06) after the test had passed; the
     * context is closed all the same, so that one is ignored.
     */
    @AfterEach
    void closeContexts() {
        for (BrowserContext context : contexts) {
            try {
                context.close();
            } catch (PlaywrightException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("Object doesn't exist")) {
                    throw e;
                }
            }
        }
        contexts.clear();
    }

    /** A fresh visitor: a new incognito context (its own storage and cookies; third-party cookies blocked). */
    BrowserContext newVisitor() {
        return track(Chromium.newContext(browser));
    }

    /** A context that this test closes when it ends. */
    BrowserContext track(BrowserContext context) {
        contexts.add(context);
        return context;
    }

    static String serviceUrl() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    static BrandBackend newBrand(Map<String, Object> settings) {
        return BrandBackend.create(hostPages, settings);
    }

    static BrandPage pageOf(BrandBackend brand) {
        return new BrandPage(serviceUrl(), brand.appId());
    }
}
