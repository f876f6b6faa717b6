package io.chatcontinuity.token;

import java.time.Instant;

/**
 * The verified claims of a chat token or, by {@link #type()}, an analytics token. Either names an app, a visitor and a
 * session, and carries no personal data.
 */
public record ChatTokenClaims(
        String appId,
        String visitorId,
        String sessionId,
        TokenType type,
        Instant issuedAt,
        Instant expiresAt,
        String tokenId) {}
