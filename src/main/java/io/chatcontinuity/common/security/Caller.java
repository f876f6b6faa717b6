package io.chatcontinuity.common.security;

import io.vertx.ext.web.RoutingContext;

/**
 * Who may call an endpoint, each with its own credential and authentication mechanism: the widget's visitor (chat
 * token), the brand's backend (API key), the operator (admin token). The role each identity carries is its name.
 */
public enum Caller {
    VISITOR("visitor", "A chat token is required."),
    BRAND("brand", "An API key is required."),
    OPERATOR("operator", "The admin token is required.");

    private static final String EXPECTED = Caller.class.getName();
    private static final String EVEN_WITHOUT_REDIS = EXPECTED + ".evenWithoutRedis";
    private static final String PATH_APP_ID = EXPECTED + ".pathAppId";

    private final String role;
    private final String missing;

    Caller(String role, String missing) {
        this.role = role;
        this.missing = missing;
    }

    public String role() {
        return role;
    }

    /** The detail of the 401 for a request that carries no credential of this kind. */
    String missing() {
        return missing;
    }

    /**
     * Whether the endpoint this request reached takes this caller. A mechanism only reads its credential when it
     * does: the three credentials all travel as bearer tokens, and each endpoint names the one it takes.
     */
    public boolean isExpectedBy(RoutingContext ctx) {
        return ctx.get(EXPECTED) == this;
    }

    /** Whether the endpoint keeps working through a Redis outage ({@link CallableBy#evenWithoutRedis}). */
    public static boolean evenWithoutRedis(RoutingContext ctx) {
        return Boolean.TRUE.equals(ctx.get(EVEN_WITHOUT_REDIS));
    }

    /** The app the request's path names ({@code appId}), or null: a credential of another app is refused there. */
    public static String pathAppId(RoutingContext ctx) {
        return ctx.get(PATH_APP_ID);
    }

    static void expect(RoutingContext ctx, Caller caller, boolean evenWithoutRedis, String pathAppId) {
        ctx.put(EXPECTED, caller);
        ctx.put(EVEN_WITHOUT_REDIS, evenWithoutRedis);
        if (pathAppId != null) {
            ctx.put(PATH_APP_ID, pathAppId);
        }
    }
}
