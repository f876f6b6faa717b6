package io.chatcontinuity.conversation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "chat.conversations")
public interface ConversationsConfig {

    /** Messages one session may post within {@link #postWindow()}; more answer 429. */
    @WithDefault("30")
    int sessionPostLimit();

    /** Messages one client address may post per app within {@link #postWindow()}, across all its sessions. */
    @WithDefault("300")
    int addressPostLimit();

    @WithDefault("1m")
    Duration postWindow();

    /** How often an idle event stream sends a comment, so that proxies keep it open, and re-checks its session. */
    @WithDefault("15s")
    Duration heartbeat();
}
