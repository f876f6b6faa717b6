package io.chatcontinuity.widget.browser;

import static io.chatcontinuity.widget.browser.HostPages.SHOP;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.microsoft.playwright.BrowserContext;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The conversation survives what visitors do: reloads, a second device. */
@QuarkusTest
class ConversationContinuityTest extends BrowserScenario {

    @Test
    void aReloadKeepsTheConversation() {
        BrandBackend brand = newBrand(Map.of());
        Widget widget = Widget.load(newVisitor(), pageOf(brand).servedOn(hostPages, SHOP), brand.appId());

        widget.openChat();
        widget.send("Where is my order?");
        widget.awaitShown("Where is my order?");
        String conversation = widget.conversationId();
        brand.agentSays(conversation, "It ships today.");
        widget.awaitShown("It ships today.");

        widget.reload();
        widget.run("do", "chat:open");
        widget.awaitShown("Where is my order?");
        widget.awaitShown("It ships today.");
        assertThat(widget.conversationId(), equalTo(conversation));
        assertThat(widget.shownTexts(), contains("Where is my order?", "It ships today."));
    }

    @Test
    void twoBrowsersWithOneContinuityTokenShareOneConversationLive() {
        BrandBackend brand = newBrand(Map.of());
        String url =
                pageOf(brand).continuityToken(brand.continuityTokenForNewUser()).servedOn(hostPages, SHOP);
        Widget phone = Widget.load(newVisitor(), url, brand.appId());
        Widget laptop = Widget.load(newVisitor(), url, brand.appId());
        phone.openChat();
        laptop.openChat();

        assertThat(laptop.conversationId(), equalTo(phone.conversationId()));
        assertThat(phone.session().get("authenticated"), equalTo(true));
        phone.send("Sent from the phone");
        laptop.awaitShown("Sent from the phone");
        laptop.send("Answered on the laptop");
        phone.awaitShown("Answered on the laptop");
        assertThat(phone.shownTexts(), contains("Sent from the phone", "Answered on the laptop"));
    }

    @Test
    void noRequestUrlCarriesAToken() {
        BrandBackend brand = newBrand(Map.of("storage", "cross-domain", "cookieDomain", ".brand.localhost"));
        String continuityToken = brand.continuityTokenForNewUser();
        BrowserContext visitor = newVisitor();
        Traffic traffic = new Traffic(visitor);
        Widget widget = Widget.load(visitor, pageOf(brand).servedOn(hostPages, SHOP), brand.appId());

        widget.openChat();
        widget.send("Anonymous question");
        widget.awaitShown("Anonymous question");
        widget.reload();
        widget.run("set", "session:token", continuityToken);
        widget.run("do", "chat:open");
        widget.send("Logged-in question");
        widget.awaitShown("Logged-in question");
        widget.run("do", "session:reset");

        List<String> secrets = new ArrayList<>(traffic.credentials());
        secrets.add(continuityToken);
        assertThat("the flow used tokens", traffic.credentials().size() >= 2, equalTo(true));
        for (Traffic.Sent request : traffic.all()) {
            for (String secret : secrets) {
                assertThat(request.method() + " " + request.url(), request.url(), not(containsString(secret)));
            }
            assertThat(request.url().toLowerCase(), not(containsString("token=")));
        }
    }

    @Test
    void aSendThatFailsOnTheNetworkIsRetriedWithTheSameClientMessageIdAndStoredOnce() {
        BrandBackend brand = newBrand(Map.of());
        BrowserContext visitor = newVisitor();
        Traffic traffic = new Traffic(visitor);
        Widget widget = Widget.load(visitor, pageOf(brand).servedOn(hostPages, SHOP), brand.appId());
        widget.openChat();
        List<String> attempts = new CopyOnWriteArrayList<>();
        // The first attempt reaches the service and is stored, but its answer is lost on the way back.
        widget.page().route(url -> url.endsWith("/v1/sessions/current/messages"), route -> {
            if (!route.request().method().equals("POST")) {
                route.resume();
                return;
            }
            attempts.add(new JsonPath(route.request().postData()).getString("clientMessageId"));
            if (attempts.size() == 1) {
                route.fetch();
                route.abort("connectionreset");
            } else {
                route.resume();
            }
        });

        widget.send("Did this arrive?");
        widget.awaitShown("Did this arrive?");
        widget.page().waitForCondition(() -> attempts.size() >= 2);
        widget.page().waitForFunction("() => window.$chat.get('messages').every(m => m.id)");

        assertThat(attempts.get(1), equalTo(attempts.get(0)));
        assertThat(BrandBackend.storedTexts(traffic.lastBearer()), contains("Did this arrive?"));
        assertThat(widget.shownTexts(), contains("Did this arrive?"));
    }
}
