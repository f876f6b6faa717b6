package io.chatcontinuity.common;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Redis pub/sub subscription that comes back by itself after Redis, or the connection to it, was lost. Pub/sub
 * keeps nothing for an absent subscriber, so {@code onSubscribed} runs after every (re)subscription: the listener
 * catches up there from wherever the facts themselves are kept. {@code onLost} runs as soon as a subscription is
 * known to be lost (or an attempt failed): from then until the next {@code onSubscribed}, notices may be missed.
 */
public final class ResilientSubscription {

    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final ReactiveRedisDataSource redis;
    private final String channel;
    private final Consumer<String> onMessage;
    private final Runnable onSubscribed;
    private final Runnable onLost;
    /** Each attempt's number; a loss reported by an older attempt's connection is ignored. */
    private final AtomicLong attempt = new AtomicLong();

    private volatile ReactiveRedisSubscriber subscriber;
    private volatile boolean stopped;
    private volatile Duration nextRetry = FIRST_RETRY;

    private ResilientSubscription(
            ReactiveRedisDataSource redis,
            String channel,
            Consumer<String> onMessage,
            Runnable onSubscribed,
            Runnable onLost) {
        this.redis = redis;
        this.channel = channel;
        this.onMessage = onMessage;
        this.onSubscribed = onSubscribed;
        this.onLost = onLost;
    }

    public static ResilientSubscription start(
            ReactiveRedisDataSource redis, String channel, Consumer<String> onMessage, Runnable onSubscribed) {
        return start(redis, channel, onMessage, onSubscribed, () -> {});
    }

    public static ResilientSubscription start(
            ReactiveRedisDataSource redis,
            String channel,
            Consumer<String> onMessage,
            Runnable onSubscribed,
            Runnable onLost) {
        ResilientSubscription subscription = new ResilientSubscription(redis, channel, onMessage, onSubscribed, onLost);
        subscription.subscribe();
        return subscription;
    }

    public void stop() {
        stopped = true;
        ReactiveRedisSubscriber current = subscriber;
        if (current != null) {
            current.unsubscribe().subscribe().with(done -> {}, failure -> {});
        }
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        long mine = attempt.incrementAndGet();
        redis.pubsub(String.class)
                .subscribe(
                        List.of(channel),
                        (ignored, message) -> onMessage.accept(message),
                        () -> lost(mine, "connection ended"),
                        failure -> lost(mine, failure.getMessage()))
                .subscribe()
                .with(subscribed -> subscribed(mine, subscribed), failure -> lost(mine, failure.getMessage()));
    }

    /** Serialised with {@link #lost}, so that listeners never hear "subscribed" after "lost" for the same attempt. */
    private synchronized void subscribed(long which, ReactiveRedisSubscriber subscribed) {
        subscriber = subscribed;
        if (attempt.get() != which) {
            return; // lost before this success was reported: the next attempt reports instead
        }
        nextRetry = FIRST_RETRY;
        Log.debugf("Subscribed to %s", channel);
        onSubscribed.run();
    }

    private void lost(long which, String why) {
        synchronized (this) {
            if (stopped || !attempt.compareAndSet(which, which + 1)) {
                return;
            }
            onLost.run();
        }
        Duration wait = nextRetry;
        nextRetry = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
        Log.warnf("Subscription to %s lost (%s); subscribing again in %d ms", channel, why, wait.toMillis());
        Uni.createFrom().voidItem().onItem().delayIt().by(wait).subscribe().with(ignored -> subscribe());
    }
}
