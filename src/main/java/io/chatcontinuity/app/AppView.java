package io.chatcontinuity.app;

import java.time.Instant;
import java.util.List;

/** An app as the operator API shows it: without secrets. */
public record AppView(
        String appId,
        String name,
        List<String> allowedOrigins,
        AppSettings settings,
        int configVersion,
        Instant createdAt,
        Instant updatedAt) {

    static AppView of(App app) {
        return new AppView(
                app.id(),
                app.name(),
                app.allowedOrigins(),
                app.settings(),
                app.configVersion(),
                app.createdAt(),
                app.updatedAt());
    }
}
