package io.chatcontinuity.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.chatcontinuity.common.Batcher;
import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.redis.ChannelSubscriptions;
import io.chatcontinuity.common.redis.RedisPayloads;
import io.chatcontinuity.common.redis.RedisPipeline;
import io.chatcontinuity.common.redis.ResilientSubscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fans committed messages out to the event streams open on every instance, through Redis pub/sub. By default each
 * conversation has its own channel, which an instance subscribes to while it holds a stream of that conversation:
 * Redis then sends an instance only the messages its streams need, so adding instances adds no work per message to
 * the others, and a message costs Redis one delivery per instance that holds its conversation, not one per instance.
 * (A fixed number of shared channels would not do: an instance holding thousands of streams holds a conversation in
 * every shard, and would receive everything again.) Subscriptions change in batches on one connection per instance,
 * so a reconnect storm costs a few {@code SUBSCRIBE} commands, not one per stream. On Redis Cluster the channels are
 * shard channels ({@code SPUBLISH}/{@code SSUBSCRIBE}): a message stays on the node that owns its conversation's slot.
 *
 * <p>Pub/sub is only the fast path: Postgres holds every message, and a stream that sees a gap, or whose
 * conversation's channel was lost and subscribed again, catches up from there. Payloads are read leniently (unknown
 * fields skipped), so that an instance of a newer build that adds a field does not silence the older ones.
 */
@ApplicationScoped
public class LiveMessages {

    /** The channel every instance receives everything on, with {@code chat.conversations.fanout=shared}. */
    static final String CHANNEL = "chat:messages";

    private static final String CONVERSATION_CHANNEL_PREFIX = "chat:messages:{";
    private static final String FANOUT_START = "{\"from\":";

    /** What goes through a channel: messages, and the instance that committed them. */
    record Fanout(String from, List<StoredMessage> messages) {}

    private static final Duration DRAIN_SLICE = Duration.ofMillis(100);

    private final String instance = Secrets.randomId("instance");
    /** How this instance's own payloads start (records keep their components' order), so it skips them unread. */
    private final String ownPayloads = FANOUT_START + "\"" + instance + "\"";

    private final Batcher<StoredMessage, Void> fanout =
            new Batcher<>(64, 1, Duration.ofSeconds(5), failure -> false, this::publishAll);

    private final ReactiveRedisDataSource redis;
    private final ReactivePubSubCommands<String> publisher;
    private final RedisPipeline pipeline;
    private final ObjectMapper json;
    private final ObjectReader fanouts;
    private final boolean shared;
    private final Duration drainSpread;
    private final Vertx vertx;
    /**
     * The streams of each conversation held here, as a copy-on-write array changed inside the map's atomic compute:
     * most conversations have one or two streams (a visitor's tabs), and a concurrent set would cost each conversation
     * about 200 bytes before its first stream, an array 16 bytes and 4 a stream.
     */
    private final Map<String, ConversationStream[]> streams = new ConcurrentHashMap<>();

    private final ChannelSubscriptions conversations;
    /** Payloads from Redis: what fan-out costs this instance (src/bench/streams.sh compares the two designs). */
    private final Counter received;

    private final Counter skipped;
    private volatile ResilientSubscription subscription;
    private volatile boolean draining;

    LiveMessages(
            ReactiveRedisDataSource redis,
            RedisPipeline pipeline,
            ObjectMapper json,
            ConversationsConfig config,
            MeterRegistry metrics,
            Vertx vertx) {
        this.redis = redis;
        this.vertx = vertx;
        this.drainSpread = config.drainSpread();
        this.received = metrics.counter("chat.fanout.received", "what", "payloads");
        this.skipped = metrics.counter("chat.fanout.received", "what", "own payloads");
        metrics.gauge("chat.streams.conversations", streams, Map::size);
        this.publisher = redis.pubsub(String.class);
        this.pipeline = pipeline;
        this.json = json;
        this.fanouts = fanoutReader(json);
        this.shared = config.fanout() == ConversationsConfig.Fanout.SHARED;
        this.conversations = new ChannelSubscriptions(
                redis.getRedis(),
                pipeline.cluster(),
                (channel, payload) -> received(payload),
                this::catchUpConversation);
    }

    /** Reads what any instance published, an instance of a newer build included. */
    static ObjectReader fanoutReader(ObjectMapper json) {
        return RedisPayloads.readerFor(json, Fanout.class);
    }

    /** The channel of one conversation's messages; its hash tag puts it in the conversation's slot on a cluster. */
    static String channel(String conversationId) {
        return CONVERSATION_CHANNEL_PREFIX + conversationId + "}";
    }

    /**
     * Delivers a committed message here at once and to the other instances through Redis, best effort: nobody waits
     * for the publish, since a stream that misses it catches up from Postgres anyway. Publishes that pile up go out
     * together, pipelined (or, with the shared channel, in one payload).
     */
    void publish(StoredMessage message) {
        deliver(message);
        if (shared) {
            fanout.submit(message, (ignored, failure) -> {}); // publishAll logs a failure
            return;
        }
        String payload;
        try {
            payload = json.writeValueAsString(new Fanout(instance, List.of(message)));
        } catch (JsonProcessingException e) {
            Log.warnf(
                    "Could not write message %s as JSON: %s", message.message().id(), e.getMessage());
            return;
        }
        pipeline.sendWithoutWaiting(
                Request.cmd(pipeline.cluster() ? Command.SPUBLISH : Command.PUBLISH)
                        .arg(channel(message.conversationId()))
                        .arg(payload),
                e -> Log.warnf("Could not fan out a message (streams catch up from Postgres): %s", e.getMessage()));
    }

    private Uni<List<Void>> publishAll(List<StoredMessage> messages) {
        String payload;
        try {
            payload = json.writeValueAsString(new Fanout(instance, messages));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("Messages could not be written as JSON", e));
        }
        return publisher
                .publish(CHANNEL, payload)
                .onFailure()
                .invoke(e -> Log.warnf(
                        "Could not fan out %d messages (streams catch up from Postgres): %s",
                        messages.size(), e.getMessage()))
                .replaceWith(() -> Collections.nCopies(messages.size(), null));
    }

    /** Whether this instance is shutting down: new streams are sent to another instance. */
    boolean draining() {
        return draining;
    }

    /**
     * Delivers the conversation's messages to {@code stream} from now on. The answer comes once this instance
     * receives the conversation's channel (or at once while Redis is away; the stream hears of it when it is back), so
     * that a read of Postgres started afterwards leaves nothing in between.
     */
    Uni<Void> register(String conversationId, ConversationStream stream) {
        AtomicReference<Uni<Void>> subscribed =
                new AtomicReference<>(Uni.createFrom().voidItem());
        streams.compute(conversationId, (id, listening) -> {
            // Inside compute, so that the channel's additions and removals happen in the streams' order.
            if (!shared) {
                subscribed.set(conversations.add(channel(id)));
            }
            if (listening == null) {
                return new ConversationStream[] {stream};
            }
            if (Arrays.asList(listening).contains(stream)) {
                return listening;
            }
            ConversationStream[] more = Arrays.copyOf(listening, listening.length + 1);
            more[listening.length] = stream;
            return more;
        });
        if (draining) {
            stream.release();
        }
        return subscribed.get();
    }

    void unregister(String conversationId, ConversationStream stream) {
        streams.computeIfPresent(conversationId, (id, listening) -> {
            int at = Arrays.asList(listening).indexOf(stream);
            if (at < 0) {
                return listening;
            }
            if (listening.length > 1) {
                ConversationStream[] fewer = new ConversationStream[listening.length - 1];
                System.arraycopy(listening, 0, fewer, 0, at);
                System.arraycopy(listening, at + 1, fewer, at, fewer.length - at);
                return fewer;
            }
            if (!shared) {
                conversations.remove(channel(id));
            }
            return null;
        });
    }

    /** How many conversations this instance holds streams of. */
    int conversationsHeld() {
        return streams.size();
    }

    private void deliver(StoredMessage message) {
        ConversationStream[] listening = streams.get(message.conversationId());
        if (listening != null) {
            for (ConversationStream stream : listening) {
                stream.offer(message);
            }
        }
    }

    private void received(String payload) {
        if (payload.startsWith(ownPayloads)) {
            skipped.increment();
            return; // delivered here when it was published
        }
        received.increment();
        try {
            Fanout fanout = fanouts.readValue(payload);
            if (fanout.messages() != null) {
                fanout.messages().forEach(this::deliver);
            }
        } catch (JsonProcessingException e) {
            Log.warnf("Ignored an unreadable fan-out payload: %s", e.getOriginalMessage());
        }
    }

    /** Whatever was published while this instance was not subscribed is read from Postgres by every stream. */
    private void catchUpAll() {
        streams.values().forEach(listening -> Arrays.stream(listening).forEach(ConversationStream::catchUp));
    }

    /** The same, for one conversation whose channel is subscribed again after a loss. */
    private void catchUpConversation(String channel) {
        String conversationId = channel.substring(CONVERSATION_CHANNEL_PREFIX.length(), channel.length() - 1);
        ConversationStream[] listening = streams.get(conversationId);
        if (listening != null) {
            Arrays.stream(listening).forEach(ConversationStream::catchUp);
        }
    }

    void listen(@Observes StartupEvent start) {
        if (shared) {
            subscription = ResilientSubscription.start(redis, CHANNEL, this::received, this::catchUpAll);
        } else {
            conversations.start();
        }
    }

    /**
     * Readiness has turned down: streams are closed now rather than holding the shutdown for its whole timeout, and
     * streams still opened while the load balancer drains are closed at once. Their clients reconnect, with
     * Last-Event-ID, to an instance that stays, and miss nothing. The open streams are closed in slices over
     * {@code chat.conversations.drain-spread}, so that a pod's tens of thousands of clients do not all reconnect to
     * the others in the same instant; whatever is left when the shutdown delay ends is closed then.
     */
    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        List<ConversationStream> open =
                streams.values().stream().flatMap(Arrays::stream).toList();
        long slices = Math.max(1, drainSpread.toMillis() / DRAIN_SLICE.toMillis());
        int perSlice = (int) Math.max(1, (open.size() + slices - 1) / slices);
        for (int from = 0, slice = 0; from < open.size(); from += perSlice, slice++) {
            List<ConversationStream> closing = open.subList(from, Math.min(open.size(), from + perSlice));
            vertx.setTimer(1 + slice * DRAIN_SLICE.toMillis(), id -> closing.forEach(ConversationStream::release));
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        draining = true;
        releaseAll();
        ResilientSubscription current = subscription;
        if (current != null) {
            current.stop();
        }
        conversations.stop();
    }

    private void releaseAll() {
        streams.values().forEach(listening -> Arrays.stream(listening).forEach(ConversationStream::release));
    }
}
