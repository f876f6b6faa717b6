package io.chatcontinuity.widget.browser;

import static io.chatcontinuity.widget.browser.HostPages.SHOP;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.microsoft.playwright.BrowserContext;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Logout and login in the page ({@code session:reset}, {@code session:token}), with and without merging. */
@QuarkusTest
class SessionLifecycleTest extends BrowserScenario {

    @Test
    void sessionResetEndsTheSessionClearsStorageAndALaterLoginRestoresTheConversation() {
        BrandBackend brand = newBrand(Map.of());
        String continuityToken = brand.continuityTokenForNewUser();
        BrowserContext visitor = newVisitor();
        Traffic traffic = new Traffic(visitor);
        Widget widget = Widget.load(
                visitor, pageOf(brand).continuityToken(continuityToken).servedOn(hostPages, SHOP), brand.appId());
        widget.openChat();
        widget.send("Asked while logged in");
        widget.awaitShown("Asked while logged in");
        String loggedInToken = traffic.lastBearer();
        assertThat(widget.siteStorageText(), containsString(loggedInToken));

        widget.run("do", "session:reset");

        assertThat(BrandBackend.sessionStatus(loggedInToken), equalTo(401));
        assertThat(widget.siteStorageText(), not(containsString("chat_")));
        assertThat(widget.session(), nullValue());
        assertThat(widget.message("Asked while logged in").count(), equalTo(0));

        widget.run("set", "session:token", continuityToken);
        widget.run("do", "chat:open");
        widget.awaitShown("Asked while logged in");
        assertThat(widget.session().get("authenticated"), equalTo(true));
        assertThat(widget.shownTexts(), contains("Asked while logged in"));
    }

    @Test
    void sessionMergeMovesTheAnonymousMessagesIntoTheUsersConversation() {
        BrandBackend brand = newBrand(Map.of("sessionMerge", true));
        String continuityToken = brand.continuityTokenForNewUser();
        BrowserContext visitor = newVisitor();
        Traffic traffic = new Traffic(visitor);
        Widget widget = Widget.load(
                visitor,
                pageOf(brand).runtimeConfig("{ session_merge: true }").servedOn(hostPages, SHOP),
                brand.appId());
        widget.openChat();
        widget.send("Asked before logging in");
        widget.awaitShown("Asked before logging in");
        String anonymousToken = traffic.lastBearer();
        String anonymousConversation = widget.conversationId();

        widget.run("set", "session:token", continuityToken);

        assertThat(widget.session().get("authenticated"), equalTo(true));
        assertThat(widget.conversationId(), not(equalTo(anonymousConversation)));
        widget.awaitShown("Asked before logging in");
        assertThat(BrandBackend.sessionStatus(anonymousToken), equalTo(401));
        String otherDevice = brand.chatTokenOfUser(continuityToken);
        assertThat(BrandBackend.storedTexts(otherDevice), hasItem("Asked before logging in"));
    }
}
