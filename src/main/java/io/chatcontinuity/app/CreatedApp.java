package io.chatcontinuity.app;

import java.time.Instant;
import java.util.List;

/** The answer to creating an app: the only time its first API key and its identity secret are shown. */
public record CreatedApp(
        String appId,
        String name,
        List<String> allowedOrigins,
        AppSettings settings,
        String apiKey,
        String apiKeyId,
        String identitySecret,
        int configVersion,
        Instant createdAt) {}
