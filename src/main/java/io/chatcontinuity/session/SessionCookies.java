package io.chatcontinuity.session;

import io.chatcontinuity.app.App;
import io.chatcontinuity.app.StorageMode;
import io.chatcontinuity.common.http.BrowserRequest;
import io.chatcontinuity.token.IssuedToken;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The chat token as a cookie, for apps in {@code cookie} storage mode: {@code Secure; HttpOnly; SameSite=None;
 * Partitioned; Path=/v1}, with the app's cookie domain. Partitioned (CHIPS) keeps it usable in third-party contexts
 * without making it a cross-site tracker.
 */
final class SessionCookies {

    static final String PREFIX = "chat_token_";

    private SessionCookies() {}

    static String name(String appId) {
        return PREFIX + appId;
    }

    /** The token of the only chat-token cookie the request carries; null when none or several apps' cookies came. */
    static String readAny(HttpServerRequest request) {
        Set<Cookie> cookies = request.cookies();
        String found = null;
        for (Cookie cookie : cookies) {
            if (cookie.getName().startsWith(PREFIX)) {
                if (found != null) {
                    return null;
                }
                found = cookie.getValue();
            }
        }
        return found;
    }

    static void set(BrowserRequest request, App app, IssuedToken token) {
        if (app.settings().storage() != StorageMode.COOKIE) {
            return;
        }
        long maxAge =
                Math.max(0, Duration.between(Instant.now(), token.expiresAt()).toSeconds());
        request.setCookie(header(app, token.token(), maxAge));
    }

    static void clear(BrowserRequest request, App app) {
        if (app.settings().storage() == StorageMode.COOKIE) {
            request.setCookie(header(app, "", 0));
        }
    }

    /** Written by hand: Vert.x 4's cookie API has no Partitioned attribute. Token characters need no quoting. */
    private static String header(App app, String value, long maxAge) {
        StringBuilder cookie = new StringBuilder(name(app.id()))
                .append('=')
                .append(value)
                .append("; Max-Age=")
                .append(maxAge)
                .append("; Path=/v1; Secure; HttpOnly; SameSite=None; Partitioned");
        if (app.settings().cookieDomain() != null) {
            cookie.append("; Domain=").append(app.settings().cookieDomain());
        }
        return cookie.toString();
    }
}
