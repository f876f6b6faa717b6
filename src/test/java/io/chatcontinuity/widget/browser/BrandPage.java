package io.chatcontinuity.widget.browser;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A brand's HTML page with the embed snippet exactly as the contract's "Embed API" shows it. Every inline script and
 * style carries {@link #NONCE}, so that the same page can be served under a strict Content-Security-Policy.
 */
final class BrandPage {

    static final String NONCE = "brand-page-nonce";

    private final String serviceUrl;
    private final String appId;
    private String continuityToken;
    private String runtimeConfig;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private final Map<String, String> headers = new LinkedHashMap<>();

    BrandPage(String serviceUrl, String appId) {
        this.serviceUrl = serviceUrl;
        this.appId = appId;
    }

    /** {@code window.CHAT_TOKEN_ID}: the logged-in user's continuity token, as the brand's backend renders it. */
    BrandPage continuityToken(String token) {
        this.continuityToken = token;
        return this;
    }

    /** {@code window.CHAT_RUNTIME_CONFIG}, a JavaScript object literal. */
    BrandPage runtimeConfig(String objectLiteral) {
        this.runtimeConfig = objectLiteral;
        return this;
    }

    /** Markup placed before the snippet (the brand's own scripts, styles, its CMP). */
    BrandPage head(String html) {
        head.append(html).append('\n');
        return this;
    }

    BrandPage headScript(String javaScript) {
        return head(script(javaScript));
    }

    BrandPage body(String html) {
        body.append(html).append('\n');
        return this;
    }

    BrandPage header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Serves the page on the brand's server; answers its URL on {@code host}. */
    String servedOn(HostPages pages, String host) {
        return pages.url(host, pages.serve(html(), Map.copyOf(headers)));
    }

    String html() {
        StringBuilder snippet = new StringBuilder()
                .append("window.$chat = window.$chat || [];\n")
                .append("window.CHAT_APP_ID = ")
                .append(quoted(appId))
                .append(";\n");
        if (continuityToken != null) {
            snippet.append("window.CHAT_TOKEN_ID = ")
                    .append(quoted(continuityToken))
                    .append(";\n");
        }
        if (runtimeConfig != null) {
            snippet.append("window.CHAT_RUNTIME_CONFIG = ")
                    .append(runtimeConfig)
                    .append(";\n");
        }
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Brand shop</title>\n"
                + head
                + script(snippet.toString())
                + "<script async src=\"" + serviceUrl + "/widget/v1/loader.js\"></script>\n"
                + "</head><body><h1>Brand shop</h1>\n" + body + "</body></html>\n";
    }

    static String script(String javaScript) {
        return "<script nonce=\"" + NONCE + "\">\n" + javaScript + "\n</script>\n";
    }

    static String style(String css) {
        return "<style nonce=\"" + NONCE + "\">\n" + css + "\n</style>\n";
    }

    /** A JavaScript string literal (the values here are ids and tokens, but quote them properly anyway). */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }
}
