package io.chatcontinuity.common.redis;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A changing set of Redis pub/sub channels on one connection: channels are added while someone here listens to them
 * and removed when nobody does, so that Redis sends this instance only what it has listeners for. Changes that pile up
 * while the connection is busy go out together, many channels to one {@code SUBSCRIBE}. On Redis Cluster the channels
 * are shard channels ({@code SSUBSCRIBE}, one per command, as a command's channels must share a hash slot): each lives
 * on the node that owns its slot, and a message goes only to that node's subscribers instead of the whole cluster.
 *
 * <p>Pub/sub keeps nothing for an absent subscriber: after the connection is lost and back, {@code onResubscribed}
 * runs for each channel once it is subscribed again, so that its listeners catch up from where the facts are kept.
 * All state is guarded by {@code this}.
 */
public final class ChannelSubscriptions {

    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    /** How long an addition waits for Redis to confirm before its listener goes on without (and catches up later). */
    private static final Duration CONFIRMATION_WAIT = Duration.ofSeconds(2);

    private static final int CHANNELS_PER_COMMAND = 1000;

    private final Redis redis;
    private final boolean sharded;
    private final BiConsumer<String, String> onMessage;
    private final Consumer<String> onResubscribed;
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Set<String> confirmed = new HashSet<>();
    /** Channels whose state changed since the last flush; whether each is wanted is read at the flush. */
    private final Set<String> changed = new LinkedHashSet<>();
    /** Channels subscribed again after a loss, whose listeners are told once Redis confirms. */
    private final Set<String> resubscribing = new HashSet<>();

    private final Map<String, CompletableFuture<Void>> waiting = new HashMap<>();
    private RedisConnection connection;
    private boolean flushScheduled;
    private boolean everConnected;
    private boolean stopped;
    private long attempt;
    private Duration nextRetry = FIRST_RETRY;

    public ChannelSubscriptions(
            Redis redis, boolean sharded, BiConsumer<String, String> onMessage, Consumer<String> onResubscribed) {
        this.redis = redis;
        this.sharded = sharded;
        this.onMessage = onMessage;
        this.onResubscribed = onResubscribed;
    }

    public void start() {
        connect();
    }

    /**
     * Listens to {@code channel} from now on. The answer comes once Redis has confirmed the subscription, so that
     * whatever is published afterwards reaches this instance; while Redis is away (or slow to confirm) it comes
     * without, and the listener learns of the channel's resubscription through {@code onResubscribed}.
     */
    public Uni<Void> add(String channel) {
        CompletableFuture<Void> subscribed;
        synchronized (this) {
            wanted.add(channel);
            if (connection == null) {
                resubscribing.add(channel); // its listeners are told when the connection is back
                return Uni.createFrom().voidItem();
            }
            if (confirmed.contains(channel)) {
                return Uni.createFrom().voidItem();
            }
            subscribed = waiting.computeIfAbsent(channel, c -> new CompletableFuture<>());
            changed(channel);
        }
        // A copy per caller: a caller's timeout cancels what it waits on, which must not cancel the shared future
        // (the other callers of this channel would fail with a CancellationException, and so would later ones).
        return Uni.createFrom()
                .completionStage(subscribed.copy())
                .ifNoItem()
                .after(CONFIRMATION_WAIT)
                .recoverWithItem((Void) null);
    }

    /** Nobody here listens to {@code channel} any more. */
    public synchronized void remove(String channel) {
        if (wanted.remove(channel)) {
            resubscribing.remove(channel);
            changed(channel);
        }
    }

    public synchronized void stop() {
        stopped = true;
        if (connection != null) {
            connection.close().subscribe().with(ignored -> {}, ignored -> {});
            connection = null;
        }
    }

    /** How many channels this instance listens to. */
    public synchronized int size() {
        return wanted.size();
    }

    private void changed(String channel) {
        changed.add(channel);
        if (!flushScheduled && connection != null) {
            flushScheduled = true;
            // After whatever else is queued on this event loop, so that a burst's changes share commands.
            Context context = Vertx.currentContext();
            if (context != null) {
                context.runOnContext(ignored -> flush());
            } else {
                flush();
            }
        }
    }

    private void flush() {
        List<String> subscribe = new ArrayList<>();
        List<String> unsubscribe = new ArrayList<>();
        RedisConnection current;
        synchronized (this) {
            flushScheduled = false;
            current = connection;
            if (current == null) {
                return; // everything wanted is subscribed at the next connection
            }
            for (String channel : changed) {
                if (wanted.contains(channel)) {
                    if (!confirmed.contains(channel)) {
                        subscribe.add(channel);
                    }
                } else {
                    confirmed.remove(channel);
                    unsubscribe.add(channel);
                }
            }
            changed.clear();
        }
        send(current, sharded ? Command.SUNSUBSCRIBE : Command.UNSUBSCRIBE, unsubscribe);
        send(current, sharded ? Command.SSUBSCRIBE : Command.SUBSCRIBE, subscribe);
    }

    private void send(RedisConnection on, Command command, List<String> channels) {
        int perCommand = sharded ? 1 : CHANNELS_PER_COMMAND;
        for (int from = 0; from < channels.size(); from += perCommand) {
            Request request = Request.cmd(command);
            channels.subList(from, Math.min(channels.size(), from + perCommand)).forEach(request::arg);
            on.send(request)
                    .subscribe()
                    .with(
                            ignored -> {},
                            failure -> Log.debugf(
                                    "%s failed (the connection's loss resubscribes): %s",
                                    command, failure.getMessage()));
        }
    }

    private void connect() {
        long mine;
        synchronized (this) {
            if (stopped) {
                return;
            }
            mine = ++attempt;
        }
        redis.connect()
                .subscribe()
                .with(opened -> connected(mine, opened), failure -> lost(mine, failure.getMessage()));
    }

    private void connected(long which, RedisConnection opened) {
        List<String> all;
        synchronized (this) {
            if (stopped || attempt != which) {
                opened.close().subscribe().with(ignored -> {}, ignored -> {});
                return;
            }
            opened.handler(this::received);
            opened.exceptionHandler(failure -> lost(which, failure.getMessage()));
            opened.endHandler(() -> lost(which, "connection ended"));
            connection = opened;
            nextRetry = FIRST_RETRY;
            confirmed.clear();
            changed.clear();
            all = new ArrayList<>(wanted);
            if (everConnected) {
                resubscribing.addAll(all);
            }
            everConnected = true;
        }
        Log.debugf("Pub/sub connection up; subscribing %d channels", all.size());
        send(opened, sharded ? Command.SSUBSCRIBE : Command.SUBSCRIBE, all);
    }

    private void received(Response push) {
        if (push == null || push.size() < 3) {
            return;
        }
        String kind = push.get(0).toString();
        switch (kind) {
            case "message", "smessage" ->
                onMessage.accept(push.get(1).toString(), push.get(2).toString());
            case "subscribe", "ssubscribe" -> subscribed(push.get(1).toString());
            default -> {}
        }
    }

    private void subscribed(String channel) {
        CompletableFuture<Void> answered;
        boolean again;
        synchronized (this) {
            if (!wanted.contains(channel)) {
                return; // removed meanwhile; its unsubscribe is on its way
            }
            confirmed.add(channel);
            answered = waiting.remove(channel);
            again = resubscribing.remove(channel);
        }
        if (answered != null) {
            answered.complete(null);
        }
        if (again) {
            onResubscribed.accept(channel);
        }
    }

    private void lost(long which, String why) {
        List<CompletableFuture<Void>> released;
        Duration wait;
        synchronized (this) {
            if (stopped || attempt != which) {
                return;
            }
            attempt++; // reports from this connection are ignored from now on
            RedisConnection dead = connection;
            connection = null;
            if (dead != null) {
                dead.close().subscribe().with(ignored -> {}, ignored -> {});
            }
            confirmed.clear();
            resubscribing.addAll(wanted);
            released = new ArrayList<>(waiting.values());
            waiting.clear();
            wait = nextRetry;
            nextRetry = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
        }
        released.forEach(future -> future.complete(null));
        Log.warnf("Pub/sub connection lost (%s); connecting again in %d ms", why, wait.toMillis());
        Uni.createFrom().voidItem().onItem().delayIt().by(wait).subscribe().with(ignored -> connect());
    }
}
