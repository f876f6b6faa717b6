package io.chatcontinuity.session;

import io.chatcontinuity.common.redis.ResilientSubscription;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tells every instance that a session has ended, through Redis pub/sub: its copy of the session ({@link NearSessions})
 * goes at once, and whoever holds the session open there (event streams) is told. Copies are answered only while
 * this subscription is up, so a notice missed while Redis was away costs nothing: copies are dropped when the
 * subscription is lost and start afresh when it is back, and a watcher finds out at its next look at the session.
 */
@ApplicationScoped
public class SessionEndings {

    static final String CHANNEL = "chat:sessions:ended";

    private final ReactiveRedisDataSource redis;
    private final NearSessions near;
    /**
     * Each session's watchers, an array replaced on every change (copy on write): a session has one or two open
     * streams, and a concurrent set for each held about 200 bytes more than its array does.
     */
    private final Map<String, SessionWatcher[]> watchers = new ConcurrentHashMap<>();

    private volatile ResilientSubscription subscription;

    SessionEndings(ReactiveRedisDataSource redis, NearSessions near) {
        this.redis = redis;
        this.near = near;
    }

    /** Calls {@code watcher} when the session ends; the answer stops watching. */
    public Runnable watch(String sessionId, Consumer<SessionEnded> watcher) {
        SessionWatcher watching = new SessionWatcher(watcher);
        watchers.compute(sessionId, (id, current) -> {
            if (current == null) {
                return new SessionWatcher[] {watching};
            }
            SessionWatcher[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = watching;
            return more;
        });
        return () -> watchers.computeIfPresent(sessionId, (id, current) -> {
            int at = Arrays.asList(current).indexOf(watching);
            if (at < 0) {
                return current;
            }
            if (current.length == 1) {
                return null;
            }
            SessionWatcher[] fewer = new SessionWatcher[current.length - 1];
            System.arraycopy(current, 0, fewer, 0, at);
            System.arraycopy(current, at + 1, fewer, at, fewer.length - at);
            return fewer;
        });
    }

    /** One call of {@link #watch}, equal only to itself: stopping it stops that call's watching alone. */
    private static final class SessionWatcher {

        private final Consumer<SessionEnded> consumer;

        SessionWatcher(Consumer<SessionEnded> consumer) {
            this.consumer = consumer;
        }
    }

    /**
     * Tells this instance at once and the others through Redis; a failure to publish is logged, not raised. Redis
     * hands the notice to every subscribed instance's connection as it replies to this publish, so whoever answers its
     * client only after this completes has told every instance before that client can ask one (see
     * {@link NearSessions}).
     */
    Uni<Void> announce(SessionEnded ended) {
        deliver(ended);
        return redis.pubsub(String.class)
                .publish(CHANNEL, ended.encode())
                .onFailure()
                .invoke(e ->
                        Log.warnf("Could not announce the end of session %s: %s", ended.sessionId(), e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private void deliver(SessionEnded ended) {
        near.drop(ended.sessionId());
        SessionWatcher[] current = watchers.get(ended.sessionId());
        if (current != null) {
            for (SessionWatcher watcher : current) {
                watcher.consumer.accept(ended);
            }
        }
    }

    void listen(@Observes StartupEvent start) {
        subscription = ResilientSubscription.start(
                redis,
                CHANNEL,
                message -> deliver(SessionEnded.decode(message)),
                near::subscribed,
                near::subscriptionLost);
    }

    void stop(@Observes ShutdownEvent stop) {
        ResilientSubscription current = subscription;
        if (current != null) {
            current.stop();
        }
    }
}
