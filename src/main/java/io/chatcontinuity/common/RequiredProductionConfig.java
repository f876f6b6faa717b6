package io.chatcontinuity.common;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * In prod the service refuses to start without its secrets, naming every one that is missing, rather than failing
 * later at the first request that needs one.
 */
@Singleton
public class RequiredProductionConfig {

    void check(@Observes @Priority(1) StartupEvent start, Config config) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (blank(config, "chat.admin.token")) {
            missing.add("CHAT_ADMIN_TOKEN");
        }
        if (blank(config, "chat.token.keys") && blank(config, "chat.token.keys-location")) {
            missing.add("CHAT_TOKEN_KEYS");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Refusing to start: missing required configuration "
                    + String.join(", ", missing) + " (see README, Configuration)");
        }
    }

    private static boolean blank(Config config, String name) {
        return config.getOptionalValue(name, String.class).map(String::isBlank).orElse(true);
    }
}
