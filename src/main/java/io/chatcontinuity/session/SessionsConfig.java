package io.chatcontinuity.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "chat.sessions")
public interface SessionsConfig {

    /** Sessions created per app and client address within {@link #creationWindow()}; more answer 429. */
    @WithDefault("60")
    int creationLimit();

    @WithDefault("1m")
    Duration creationWindow();
}
