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

    /**
     * How often a stream also reads Postgres for anything it was not told about. Pub/sub delivers at most once: this
     * bounds how late a message can be after any loss the subscription did not notice.
     */
    @WithDefault("1m")
    Duration safetyCatchUp();

    /**
     * How committed messages reach the other instances. {@code per-conversation}: a channel per conversation, which an
     * instance subscribes to while it holds a stream of that conversation, so it receives only what its streams need
     * (on Redis Cluster, shard channels). {@code shared}: the one channel {@code chat:messages} that every instance
     * receives everything on, as before; kept to compare the two (src/bench/streams.sh).
     */
    /**
     * Over how long a draining instance closes its streams (sooner if the shutdown delay ends first): their clients
     * then reconnect to the other instances spread over this time rather than all in the same instant.
     */
    @WithDefault("4s")
    Duration drainSpread();

    @WithDefault("per-conversation")
    Fanout fanout();

    enum Fanout {
        PER_CONVERSATION,
        SHARED
    }

    /** How message posts share Postgres round trips and commits (see {@link MessageRepository}). */
    WriteBatch writeBatch();

    interface WriteBatch {

        /** The most posts one statement writes. */
        @WithDefault("64")
        int maxSize();

        /**
         * Statements the instance may have in flight before further posts wait to go out together. Fewer means bigger
         * batches (less Postgres work per message) and more waiting; on two cores, one was fastest.
         */
        @WithDefault("1")
        int maxInFlight();
    }
}
