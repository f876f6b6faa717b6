package io.chatcontinuity.identity;

public record MintedContinuityToken(String continuityToken) {}
