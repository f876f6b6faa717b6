package io.chatcontinuity.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "chat.identity")
public interface IdentityConfig {

    /** Continuity and identity attempts per app and client address within {@link #attemptWindow()}. */
    @WithDefault("20")
    int attemptLimit();

    @WithDefault("1m")
    Duration attemptWindow();
}
