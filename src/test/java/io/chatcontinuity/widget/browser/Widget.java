package io.chatcontinuity.widget.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The chat widget in one browser tab, used the way a visitor and a brand's page use it: through its launcher, panel
 * and composer (found by their accessible names, inside the widget's open Shadow DOM), and through {@code $chat}.
 */
final class Widget {

    private final Page page;
    private final String appId;

    private Widget(Page page, String appId) {
        this.page = page;
        this.appId = appId;
    }

    /** Opens {@code url} in a new tab of {@code context} and waits until the runtime is live and its launcher shows. */
    static Widget load(BrowserContext context, String url, String appId) {
        Widget widget = new Widget(context.newPage(), appId);
        widget.page.navigate(url);
        widget.awaitLive();
        return widget;
    }

    Page page() {
        return page;
    }

    void reload() {
        page.reload();
        awaitLive();
    }

    /** Navigates this tab to another page of the brand. */
    void navigate(String url) {
        page.navigate(url);
        awaitLive();
    }

    private void awaitLive() {
        page.waitForFunction("() => typeof window.$chat?.get === 'function'");
        launcher().waitFor();
    }

    Locator launcher() {
        return page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Open chat").setExact(true))
                .or(page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Close chat").setExact(true)));
    }

    Locator panel() {
        return page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Chat"));
    }

    /** Opens the chat as a visitor does (the launcher), and waits for the session behind it. */
    void openChat() {
        if (!panel().isVisible()) {
            launcher().click();
        }
        panel().waitFor();
        awaitSession();
    }

    void awaitSession() {
        page.waitForFunction("() => window.$chat.get('session') !== null && window.$chat.get('session') !== undefined");
    }

    /** Types {@code text} into the composer and presses Send, as a visitor does. */
    void send(String text) {
        page.getByLabel("Message", new Page.GetByLabelOptions().setExact(true)).fill(text);
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Send").setExact(true))
                .click();
    }

    /** Waits until a message with {@code text} is on screen in the conversation. */
    void awaitShown(String text) {
        message(text).waitFor();
    }

    Locator message(String text) {
        return page.locator("[data-message-id]").filter(new Locator.FilterOptions().setHasText(text));
    }

    /** The texts of the messages the widget says it shows, oldest first ({@code $chat.get("messages")}). */
    @SuppressWarnings("unchecked")
    List<String> shownTexts() {
        List<Map<String, Object>> messages =
                (List<Map<String, Object>>) page.evaluate("() => window.$chat.get('messages')");
        return messages.stream().map(m -> (String) m.get("text")).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> session() {
        return (Map<String, Object>) page.evaluate("() => window.$chat.get('session')");
    }

    String conversationId() {
        return (String) session().get("conversationId");
    }

    /** Where the widget keeps the token, once it has chosen (probing the chain's layers takes a moment). */
    String storageMode() {
        return (String)
                page.waitForFunction("() => window.$chat.get('storage:mode')").jsonValue();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> consent() {
        return (Map<String, Object>) page.evaluate("() => window.$chat.get('consent')");
    }

    /**
     * Pushes {@code [verb, name, [...args, callback]]} onto {@code $chat} and waits until the runtime calls the
     * callback, i.e. until the command has taken effect.
     */
    void run(String verb, String name, Object... args) {
        page.evaluate("""
                ([verb, name, args]) => new Promise((resolve, reject) => {
                  const timer = setTimeout(() => reject(new Error(`no callback for ${verb} ${name}`)), 10000);
                  window.$chat.push([verb, name, [...args, () => { clearTimeout(timer); resolve(true); }]]);
                })""", Arrays.asList(verb, name, Arrays.asList(args)));
    }

    /** This page's storage as the brand's own scripts see it: {@code local}, {@code session}, {@code cookie}. */
    @SuppressWarnings("unchecked")
    Map<String, Object> siteStorage() {
        return (Map<String, Object>) page.evaluate("""
                () => {
                  const read = area => { try { return Object.assign({}, window[area]); } catch (e) { return {}; } };
                  return { local: read('localStorage'), session: read('sessionStorage'), cookie: document.cookie };
                }""");
    }

    /** Every value of the site's storage, as one string to search (items, session items, cookies). */
    String siteStorageText() {
        Map<String, Object> storage = siteStorage();
        List<String> parts = new ArrayList<>();
        ((Map<?, ?>) storage.get("local")).forEach((k, v) -> parts.add(k + "=" + v));
        ((Map<?, ?>) storage.get("session")).forEach((k, v) -> parts.add(k + "=" + v));
        parts.add(String.valueOf(storage.get("cookie")));
        return String.join("\n", parts);
    }

    /** The value of the site's localStorage item {@code key}, or null. */
    String localItem(String key) {
        return (String)
                page.evaluate("key => { try { return localStorage.getItem(key); } catch (e) { return null; } }", key);
    }

    String tokenItemKey() {
        return "chat_token_" + appId;
    }

    String analyticsItemKey() {
        return "chat_analytics_" + appId;
    }
}
