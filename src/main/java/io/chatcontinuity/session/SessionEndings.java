package io.chatcontinuity.session;

import io.chatcontinuity.common.ResilientSubscription;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tells whoever holds a session open on any instance (event streams) that it has ended, through Redis pub/sub.
 * Requests need no such notice: every one of them reads the session. A watcher that missed a notice while Redis was
 * away finds out at its next look at the session, so notices are best effort.
 */
@ApplicationScoped
public class SessionEndings {

    static final String CHANNEL = "chat:sessions:ended";

    private final ReactiveRedisDataSource redis;
    private final Map<String, Set<Consumer<SessionEnded>>> watchers = new ConcurrentHashMap<>();
    private volatile ResilientSubscription subscription;

    SessionEndings(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Calls {@code watcher} when the session ends; the answer stops watching. */
    public Runnable watch(String sessionId, Consumer<SessionEnded> watcher) {
        watchers.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(watcher);
        return () -> watchers.computeIfPresent(sessionId, (id, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    /** Tells this instance at once and the others through Redis; a failure to publish is logged, not raised. */
    Uni<Void> announce(SessionEnded ended) {
        deliver(ended);
        return redis.pubsub(String.class).publish(CHANNEL, ended.encode())
                .onFailure().invoke(e -> Log.warnf("Could not announce the end of session %s: %s",
                        ended.sessionId(), e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private void deliver(SessionEnded ended) {
        Set<Consumer<SessionEnded>> set = watchers.get(ended.sessionId());
        if (set != null) {
            set.forEach(watcher -> watcher.accept(ended));
        }
    }

    void listen(@Observes StartupEvent start) {
        subscription = ResilientSubscription.start(redis, CHANNEL, message -> deliver(SessionEnded.decode(message)),
                () -> { });
    }

    void stop(@Observes ShutdownEvent stop) {
        ResilientSubscription current = subscription;
        if (current != null) {
            current.stop();
        }
    }
}
