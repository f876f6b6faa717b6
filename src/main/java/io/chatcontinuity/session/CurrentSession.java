package io.chatcontinuity.session;

import io.chatcontinuity.app.App;
import io.chatcontinuity.token.ChatTokenClaims;

/** The caller of a {@code /v1/sessions/current} request: its verified token, its live session and its app. */
public record CurrentSession(ChatTokenClaims claims, LiveSession session, App app, boolean viaCookie) {

    public String sessionId() {
        return session.id();
    }
}
