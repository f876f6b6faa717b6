package io.chatcontinuity.analytics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "chat.analytics")
public interface AnalyticsConfig {

    /**
     * How long an analytics token lives. Short, because it is non-essential storage; consent is checked again on
     * every write whatever the token's lifetime, so a withdrawal does not wait for it to expire.
     */
    @WithDefault("PT1H")
    Duration tokenTtl();
}
