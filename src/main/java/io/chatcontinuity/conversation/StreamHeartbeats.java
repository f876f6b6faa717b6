package io.chatcontinuity.conversation;

import io.chatcontinuity.session.SessionService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Beats every open event stream of the instance with one timer: streams are spread over {@value #SLOTS} slots and
 * each tick beats one slot, so an instance with tens of thousands of streams has one timer instead of one each, and
 * their beats (and the rarer session checks and safety catch-ups that ride on them) are spread evenly over the
 * heartbeat period instead of bunching up behind a reconnect storm.
 */
@ApplicationScoped
class StreamHeartbeats {

    private static final int SLOTS = 16;

    private final List<Set<ConversationStream>> slots = IntStream.range(0, SLOTS)
            .mapToObj(i -> (Set<ConversationStream>) ConcurrentHashMap.<ConversationStream>newKeySet())
            .toList();
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final Vertx vertx;
    private final SessionService sessions;
    private final long tickMillis;
    private int tick;
    private long timer = -1;

    StreamHeartbeats(Vertx vertx, SessionService sessions, ConversationsConfig config, MeterRegistry metrics) {
        this.vertx = vertx;
        // What an operator scales on (k8s/base/hpa.yaml): idle streams cost memory and file descriptors, not CPU.
        metrics.gauge("chat.streams.open", this, StreamHeartbeats::open);
        this.sessions = sessions;
        this.tickMillis = Math.max(1, config.heartbeat().toMillis() / SLOTS);
    }

    void add(ConversationStream stream) {
        int slot = Math.floorMod(nextSlot.getAndIncrement(), SLOTS);
        stream.heartbeatSlot = slot;
        slots.get(slot).add(stream);
    }

    void remove(ConversationStream stream) {
        slots.get(stream.heartbeatSlot).remove(stream);
    }

    /** How many streams are open on this instance. */
    int open() {
        return slots.stream().mapToInt(Set::size).sum();
    }

    private void tick() {
        tick = (tick + 1) % SLOTS;
        for (ConversationStream stream : slots.get(tick)) {
            if (stream.beat()) {
                checkSession(stream);
            }
        }
    }

    /**
     * Ends are announced to every instance as they happen; this rarer look in Redis (pipelined with the others)
     * covers an announcement that was lost while the instance's subscription was down.
     */
    private void checkSession(ConversationStream stream) {
        sessions.knownEnded(stream.sessionId()).subscribe().with(ended -> {
            if (ended) {
                stream.end();
            }
        });
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(tickMillis, id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
