package io.chatcontinuity.token;

import java.time.Instant;

/** A freshly signed token and when it expires. */
public record IssuedToken(String token, Instant expiresAt) {}
