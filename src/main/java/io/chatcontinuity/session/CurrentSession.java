package io.chatcontinuity.session;

import io.chatcontinuity.app.App;
import io.chatcontinuity.token.ChatTokenClaims;

/** The caller of a {@code /v1/sessions/current} request: its verified token, its live session and its app. */
public record CurrentSession(ChatTokenClaims claims, LiveSession session, App app, boolean viaCookie) {

    /** The name of the caller's identity attribute that holds it ({@link ChatTokenIdentityProvider}). */
    public static final String ATTRIBUTE = "chat.session";

    public String sessionId() {
        return session.id();
    }
}
