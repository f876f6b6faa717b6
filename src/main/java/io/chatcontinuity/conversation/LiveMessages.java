package io.chatcontinuity.conversation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatcontinuity.common.ResilientSubscription;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

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

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final Map<String, Set<ConversationStream>> streams = new ConcurrentHashMap<>();
    private volatile ResilientSubscription subscription;
    private volatile boolean draining;

    LiveMessages(ReactiveRedisDataSource redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** Delivers a committed message here at once and to the other instances through Redis, best effort. */
    Uni<Void> publish(StoredMessage message) {
        deliver(message);
        String payload;
        try {
            payload = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A message could not be written as JSON", e);
        }
        return redis.pubsub(String.class).publish(CHANNEL, payload)
                .onFailure().invoke(e -> Log.warnf("Could not fan out message %s (streams catch up from Postgres): %s",
                        message.message().id(), e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
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
        try {
            deliver(json.readValue(payload, StoredMessage.class));
        } catch (JsonProcessingException e) {
            Log.warnf("Ignored an unreadable message on %s: %s", CHANNEL, e.getOriginalMessage());
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
