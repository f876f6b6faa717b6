package io.chatcontinuity.common.redis;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Redis pub/sub subscription that comes back by itself after Redis, or the connection to it, was lost. Pub/sub
 * keeps nothing for an absent subscriber, so {@code onSubscribed} runs after every (re)subscription: the listener
 * catches up there from wherever the facts themselves are kept. {@code onLost} runs as soon as a subscription is
 * known to be lost (or an attempt failed): from then until the next {@code onSubscribed}, notices may be missed.
 *
 * <p>Each loss starts a round of attempts, the first {@value #FIRST_RETRY_MILLIS} ms after it, then spaced by Mutiny's
 * exponential back-off (with jitter, so that instances that lost Redis together do not come back in step) up to
 * {@value #LAST_RETRY_MILLIS} ms apart; a subscription that holds ends the round, so the next loss starts over.
 */
public final class ResilientSubscription {

    private static final long FIRST_RETRY_MILLIS = 200;
    private static final long LAST_RETRY_MILLIS = 5000;
    private static final Duration FIRST_RETRY = Duration.ofMillis(FIRST_RETRY_MILLIS);
    private static final Duration LAST_RETRY = Duration.ofMillis(LAST_RETRY_MILLIS);

    private final ReactiveRedisDataSource redis;
    private final String channel;
    private final Consumer<String> onMessage;
    private final Runnable onSubscribed;
    private final Runnable onLost;

    private volatile ReactiveRedisSubscriber subscriber;
    private volatile Cancellable round;
    private volatile boolean stopped;

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
        subscription.subscribeUntilItHolds(Uni.createFrom().voidItem());
        return subscription;
    }

    public void stop() {
        stopped = true;
        Cancellable current = round;
        if (current != null) {
            current.cancel();
        }
        ReactiveRedisSubscriber held = subscriber;
        if (held != null) {
            held.unsubscribe().subscribe().with(done -> {}, failure -> {});
        }
    }

    /** One round: after {@code pause}, attempts with back-off until a subscription holds (or this is stopped). */
    private void subscribeUntilItHolds(Uni<Void> pause) {
        if (stopped) {
            return;
        }
        round = pause.chain(() -> Uni.createFrom()
                        .<Void>emitter(this::attempt)
                        .onFailure(failure -> !stopped)
                        .retry()
                        .withBackOff(FIRST_RETRY, LAST_RETRY)
                        .indefinitely())
                .subscribe()
                .with(held -> {}, failure -> {});
    }

    /**
     * One attempt: answers once subscribed, or fails if it could not subscribe (the round then tries again). A loss
     * after it answered starts a new round. Whatever an attempt's connection reports once the attempt was lost is
     * ignored.
     */
    private void attempt(UniEmitter<? super Void> attempt) {
        Attempt state = new Attempt();
        Consumer<String> lost = why -> lost(state, attempt, why);
        redis.pubsub(String.class)
                .subscribe(
                        List.of(channel),
                        (ignored, message) -> onMessage.accept(message),
                        () -> lost.accept("connection ended"),
                        failure -> lost.accept(failure.getMessage()))
                .subscribe()
                .with(
                        subscribed -> {
                            if (subscribed(state, subscribed)) {
                                attempt.complete(null);
                            }
                        },
                        failure -> lost.accept(failure.getMessage()));
    }

    /** Serialised with {@link #lost}, so that listeners never hear "subscribed" after "lost" for the same attempt. */
    private synchronized boolean subscribed(Attempt state, ReactiveRedisSubscriber subscribed) {
        if (stopped) {
            subscribed.unsubscribe().subscribe().with(done -> {}, failure -> {});
            return false;
        }
        subscriber = subscribed;
        if (state.lost) {
            return false; // lost before this success was reported: the next attempt reports instead
        }
        state.held = true;
        Log.debugf("Subscribed to %s", channel);
        onSubscribed.run();
        return true;
    }

    private void lost(Attempt state, UniEmitter<? super Void> attempt, String why) {
        boolean held;
        synchronized (this) {
            if (stopped || state.lost) {
                return;
            }
            state.lost = true;
            held = state.held;
            onLost.run();
        }
        Log.warnf("Subscription to %s lost (%s); subscribing again", channel, why);
        if (held) {
            subscribeUntilItHolds(Uni.createFrom().voidItem().onItem().delayIt().by(FIRST_RETRY));
        } else {
            attempt.fail(new IllegalStateException("Could not subscribe to " + channel + ": " + why));
        }
    }

    /** What one attempt has come to; guarded by the subscription's lock. */
    private static final class Attempt {
        boolean held;
        boolean lost;
    }
}
