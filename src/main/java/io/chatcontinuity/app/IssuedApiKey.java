package io.chatcontinuity.app;

/** A new API key, shown once. */
public record IssuedApiKey(String keyId, String apiKey) {}
