package io.chatcontinuity.common.http;

import io.chatcontinuity.common.redis.RateLimiter;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.function.Predicate;

/**
 * What a browser-facing endpoint needs of its request beyond its parameters: the origin (CORS, per app), the client's
 * address (rate limits), cookies and headers it sets on its answer whatever its body.
 */
@RequestScoped
public class BrowserRequest {

    private final CurrentVertxRequest request;

    BrowserRequest(CurrentVertxRequest request) {
        this.request = request;
    }

    /** The origin of a cross-origin request, or null. */
    public String origin() {
        return Cors.origin(ctx());
    }

    /**
     * Grants the request's origin if {@code allowed} accepts it, or throws {@code /problems/forbidden} ({@link Cors}).
     */
    public void requireAllowedOrigin(Predicate<String> allowed) {
        Cors.requireAllowedOrigin(ctx(), allowed);
    }

    public String clientAddress() {
        return RateLimiter.clientAddress(ctx());
    }

    /** The value of the named cookie, or null. */
    public String cookie(String name) {
        Cookie cookie = ctx().request().getCookie(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** Sets a cookie on the answer, whatever the endpoint answers. */
    public void setCookie(String setCookieHeader) {
        ctx().response().headers().add(HttpHeaders.SET_COOKIE, setCookieHeader);
    }

    private RoutingContext ctx() {
        return request.getCurrent();
    }
}
