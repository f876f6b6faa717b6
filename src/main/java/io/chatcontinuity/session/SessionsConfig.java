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

    /**
     * How long an instance may answer from its own copy of who a session belongs to, without asking Redis (see
     * {@link NearSessions}); also the longest that copy could outlive an end notice that never arrived. 0 turns the
     * copies off.
     */
    @WithDefault("5s")
    Duration nearCacheTtl();

    /** How many sessions an instance keeps such a copy of. */
    @WithDefault("100000")
    int nearCacheSize();
}
