package io.chatcontinuity.common.http;

import io.chatcontinuity.common.problem.ProblemException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/**
 * CORS for browser-facing endpoints, per app: a request from an origin the app allows gets the grant on its response,
 * whatever the outcome (so that the widget can read a problem body too); any other origin gets
 * {@code /problems/forbidden} and no grant. Requests without {@code Origin} are not from a browser's cross-origin
 * fetch and pass.
 */
public final class Cors {

    public static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    public static final String ALLOWED_HEADERS =
            "Authorization, Content-Type, If-None-Match, Last-Event-ID, X-Analytics-Token";
    public static final String EXPOSED_HEADERS = "ETag, Retry-After, Location";

    private Cors() {}

    /** Grants {@code Origin} if {@code allowed} accepts it, or throws {@code /problems/forbidden}. */
    public static void requireAllowedOrigin(RoutingContext ctx, Predicate<String> allowed) {
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return;
        }
        if (!allowed.test(origin)) {
            throw ProblemException.forbidden("Origin " + origin + " is not allowed for this app.");
        }
        ctx.addHeadersEndHandler(v -> grant(ctx.response(), origin));
    }

    public static void grant(HttpServerResponse response, String origin) {
        response.headers()
                .set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .set(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                .set(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS)
                .add(HttpHeaders.VARY, "Origin");
    }

    /** The origin of a cross-origin request, or null. */
    public static String origin(RoutingContext ctx) {
        return ctx.request().getHeader(HttpHeaders.ORIGIN);
    }
}
