package io.chatcontinuity.session;

import java.time.Instant;

/** {@code GET /v1/sessions/current}. */
public record SessionView(
        String id, String visitorId, String appId, boolean authenticated, String conversationId, Instant expiresAt) {}
