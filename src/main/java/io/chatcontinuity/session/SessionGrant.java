package io.chatcontinuity.session;

import java.time.Instant;

/** The answer to starting or resuming a session. */
public record SessionGrant(
        String token, Instant expiresAt, SessionSummary session, String conversationId, boolean merged) {

    public record SessionSummary(String id, String visitorId, boolean authenticated) {}
}
