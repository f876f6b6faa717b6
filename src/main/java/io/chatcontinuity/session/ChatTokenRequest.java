package io.chatcontinuity.session;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A chat token as a request presented it: from {@code Authorization}, or from the app's cookie. */
final class ChatTokenRequest extends BaseAuthenticationRequest {

    private final String token;
    private final boolean viaCookie;
    private final boolean evenWithoutRedis;

    ChatTokenRequest(String token, boolean viaCookie, boolean evenWithoutRedis) {
        this.token = token;
        this.viaCookie = viaCookie;
        this.evenWithoutRedis = evenWithoutRedis;
    }

    String token() {
        return token;
    }

    boolean viaCookie() {
        return viaCookie;
    }

    /** Whether the endpoint works through a Redis outage, reading the session from Postgres then. */
    boolean evenWithoutRedis() {
        return evenWithoutRedis;
    }
}
