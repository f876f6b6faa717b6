package io.chatcontinuity.app;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An app as the rest of the service sees it: immutable, with its settings parsed. Held in memory by
 * {@link AppDirectory}; the identity secret is here because identity tokens are verified with it, and it never
 * leaves the service except once, at creation.
 */
public record App(
        String id,
        String name,
        List<String> allowedOrigins,
        AppSettings settings,
        String identitySecret,
        int configVersion,
        Instant createdAt,
        Instant updatedAt) {

    public boolean allowsOrigin(String origin) {
        return origin != null && allowedOrigins.contains(origin.toLowerCase(Locale.ROOT));
    }
}
