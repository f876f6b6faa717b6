package io.chatcontinuity.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "chat.apps")
public interface AppsConfig {

    /**
     * How long an instance serves an app's config from memory before reading it again. Changes reach every instance
     * at once through Redis; this bounds how stale a lost change message can leave one.
     */
    @WithDefault("30s")
    Duration cacheTtl();

    /** How long an unknown app id is remembered as unknown, so that lookups of garbage ids stay cheap. */
    @WithDefault("5s")
    Duration unknownTtl();
}
