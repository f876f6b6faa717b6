package io.chatcontinuity.session;

import java.time.Instant;

public record RefreshedToken(String token, Instant expiresAt) {}
