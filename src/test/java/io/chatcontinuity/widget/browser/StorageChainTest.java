package io.chatcontinuity.widget.browser;

import static io.chatcontinuity.widget.browser.HostPages.BLOG;
import static io.chatcontinuity.widget.browser.HostPages.SHOP;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.microsoft.playwright.BrowserContext;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cross-domain storage chain (provider storage, site cookie, site storage, memory) under the browser settings
 * visitors really have. Each setting is a Chromium preference in a profile of its own.
 */
@QuarkusTest
class StorageChainTest extends BrowserScenario {

    static final Map<String, Object> CROSS_DOMAIN =
            Map.of("storage", "cross-domain", "cookieDomain", ".brand.localhost");
    static final String THIRD_PARTY_COOKIES_ALLOWED = "{\"profile\": {\"cookie_controls_mode\": 0}}";
    static final String THIRD_PARTY_COOKIES_BLOCKED = "{\"profile\": {\"cookie_controls_mode\": 1}}";
    static final String ALL_SITE_DATA_BLOCKED = "{\"profile\": {\"default_content_setting_values\": {\"cookies\": 2}}}";

    @Test
    void whereThirdPartyStorageIsAllowedTheTokenStaysInTheProvidersStorageAcrossSubdomains() {
        BrandBackend brand = newBrand(CROSS_DOMAIN);
        BrowserContext visitor = track(Chromium.launchWithPreferences(THIRD_PARTY_COOKIES_ALLOWED));
        Widget widget = Widget.load(visitor, pageOf(brand).servedOn(hostPages, SHOP), brand.appId());
        widget.openChat();
        widget.send("Asked on the shop");
        widget.awaitShown("Asked on the shop");
        String conversation = widget.conversationId();

        assertThat(widget.storageMode(), equalTo("provider-local-storage"));
        assertThat(widget.siteStorageText(), not(containsString("chat_")));

        widget.navigate(pageOf(brand).servedOn(hostPages, BLOG));
        widget.awaitSession();
        assertThat(widget.conversationId(), equalTo(conversation));
        assertThat(widget.storageMode(), equalTo("provider-local-storage"));
    }

    @Test
    void withThirdPartyCookiesBlockedTheChainFallsBackToASiteCookie() {
        BrandBackend brand = newBrand(CROSS_DOMAIN);
        BrowserContext visitor = track(Chromium.launchWithPreferences(THIRD_PARTY_COOKIES_BLOCKED));
        Widget widget = Widget.load(visitor, pageOf(brand).servedOn(hostPages, SHOP), brand.appId());
        widget.openChat();

        assertThat(widget.storageMode(), equalTo("site-cookie"));
        Map<String, Object> storage = widget.siteStorage();
        assertThat((String) storage.get("cookie"), containsString(widget.tokenItemKey() + "="));
        assertThat(((Map<?, ?>) storage.get("local")).keySet().toString(), not(containsString("chat_")));
    }

    @Test
    void movingBetweenSubdomainsKeepsTheConversationThroughTheCookieDomain() {
        BrandBackend brand = newBrand(CROSS_DOMAIN);
        BrowserContext visitor = track(Chromium.launchWithPreferences(THIRD_PARTY_COOKIES_BLOCKED));
        Widget widget = Widget.load(visitor, pageOf(brand).servedOn(hostPages, SHOP), brand.appId());
        widget.openChat();
        widget.send("Asked on the shop");
        widget.awaitShown("Asked on the shop");
        String conversation = widget.conversationId();

        widget.navigate(pageOf(brand).servedOn(hostPages, BLOG));
        widget.awaitSession();
        widget.run("do", "chat:open");
        widget.awaitShown("Asked on the shop");
        assertThat(widget.conversationId(), equalTo(conversation));
        assertThat(widget.storageMode(), equalTo("site-cookie"));
        assertThat((String) widget.siteStorage().get("cookie"), containsString(widget.tokenItemKey() + "="));
    }

    @Test
    void withAllSiteDataBlockedTheChatStillWorksInThePageFromMemory() {
        BrandBackend brand = newBrand(CROSS_DOMAIN);
        BrowserContext visitor = track(Chromium.launchWithPreferences(ALL_SITE_DATA_BLOCKED));
        Widget widget = Widget.load(visitor, pageOf(brand).servedOn(hostPages, SHOP), brand.appId());
        widget.openChat();
        widget.send("Can you still hear me?");
        widget.awaitShown("Can you still hear me?");
        brand.agentSays(widget.conversationId(), "Loud and clear.");
        widget.awaitShown("Loud and clear.");

        assertThat(widget.storageMode(), equalTo("memory"));
        assertThat(widget.shownTexts(), contains("Can you still hear me?", "Loud and clear."));
    }
}
