package io.chatcontinuity.consent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "chat.consent")
public interface ConsentConfig {

    /**
     * How long Redis keeps a session's decision in force after it was last written. Losing it costs only a read of
     * the consent record in Postgres, which puts it back.
     */
    @WithDefault("P30D")
    Duration cacheTtl();
}
