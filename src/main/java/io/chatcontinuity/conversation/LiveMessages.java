package io.chatcontinuity.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatcontinuity.common.Batcher;
import io.chatcontinuity.common.ResilientSubscription;
import io.chatcontinuity.common.Secrets;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans committed messages out to the event streams open on every instance, through one Redis pub/sub channel that
 * each instance subscribes to once. Pub/sub is only the fast path: Postgres holds every message, and a stream that
 * sees a gap, or whose instance lost its subscription for a while, catches up from there.
 */
@ApplicationScoped
public class LiveMessages {

    static final String CHANNEL = "chat:messages";
    private static final String FANOUT_START = "{\"from\":";

    /** What goes through the channel: messages, and the instance that committed them. */
    record Fanout(String from, List<StoredMessage> messages) {
    }

    private final String instance = Secrets.randomId("instance");
    /** How this instance's own payloads start (records keep their components' order), so it skips them unread. */
    private final String ownPayloads = FANOUT_START + "\"" + instance + "\"";
    private final Batcher<StoredMessage, Void> fanout = new Batcher<>(64, 1, Duration.ofSeconds(5), failure -> false,
            this::publishAll);

    private final ReactiveRedisDataSource redis;
    private final ReactivePubSubCommands<String> publisher;
    private final ObjectMapper json;
    private final Map<String, Set<ConversationStream>> streams = new ConcurrentHashMap<>();
    private volatile ResilientSubscription subscription;
    private volatile boolean draining;

    LiveMessages(ReactiveRedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.publisher = redis.pubsub(String.class);
        this.json = json;
    }

    /**
     * Delivers a committed message here at once and to the other instances through Redis, best effort: nobody waits
     * for the publish, since a stream that misses it catches up from Postgres anyway. Messages committed while a
     * publish is on its way go out together in the next one.
     */
    void publish(StoredMessage message) {
        deliver(message);
        fanout.submit(message).subscribe().with(ignored -> { }, ignored -> { });
    }

    private Uni<List<Void>> publishAll(List<StoredMessage> messages) {
        String payload;
        try {
            payload = json.writeValueAsString(new Fanout(instance, messages));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("Messages could not be written as JSON", e));
        }
        return publisher.publish(CHANNEL, payload)
                .onFailure().invoke(e -> Log.warnf("Could not fan out %d messages (streams catch up from Postgres): %s",
                        messages.size(), e.getMessage()))
                .replaceWith(() -> Collections.nCopies(messages.size(), null));
    }

    /** Whether this instance is shutting down: new streams are sent to another instance. */
    boolean draining() {
        return draining;
    }

    void register(String conversationId, ConversationStream stream) {
        streams.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet()).add(stream);
        if (draining) {
            stream.release();
        }
    }

    void unregister(String conversationId, ConversationStream stream) {
        streams.computeIfPresent(conversationId, (id, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }

    private void deliver(StoredMessage message) {
        Set<ConversationStream> listening = streams.get(message.conversationId());
        if (listening != null) {
            listening.forEach(stream -> stream.offer(message));
        }
    }

    private void received(String payload) {
        if (payload.startsWith(ownPayloads)) {
            return;   // delivered here when it was published
        }
        try {
            if (payload.startsWith(FANOUT_START)) {
                List<StoredMessage> messages = json.readValue(payload, Fanout.class).messages();
                if (messages != null) {
                    messages.forEach(this::deliver);
                }
            } else {
                // One message alone: what instances of the build before batched fan-out publish, during a rollout.
                deliver(json.readValue(payload, StoredMessage.class));
            }
        } catch (JsonProcessingException e) {
            Log.warnf("Ignored an unreadable payload on %s: %s", CHANNEL, e.getOriginalMessage());
        }
    }

    /** Whatever was published while this instance was not subscribed is read from Postgres by every stream. */
    private void resubscribed() {
        streams.values().forEach(set -> set.forEach(ConversationStream::catchUp));
    }

    void listen(@Observes StartupEvent start) {
        subscription = ResilientSubscription.start(redis, CHANNEL, this::received, this::resubscribed);
    }

    /**
     * Readiness has turned down: streams are closed now rather than holding the shutdown for its whole timeout, and
     * streams still opened while the load balancer drains are closed at once. Their clients reconnect, with
     * Last-Event-ID, to an instance that stays, and miss nothing.
     */
    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        releaseAll();
    }

    void stop(@Observes ShutdownEvent stop) {
        draining = true;
        releaseAll();
        ResilientSubscription current = subscription;
        if (current != null) {
            current.stop();
        }
    }

    private void releaseAll() {
        streams.values().forEach(set -> set.forEach(ConversationStream::release));
    }
}
