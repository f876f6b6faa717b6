package io.chatcontinuity.conversation;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.helpers.Subscriptions;
import io.smallrye.mutiny.operators.AbstractMulti;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One event stream as Quarkus REST subscribes to it: the publisher of its server-sent events, the subscription it
 * requests them through, and the emitter its {@link ConversationStream} feeds, in one object.
 *
 * <p>Hand-made for memory: an instance holds tens of thousands of streams, and the Mutiny pipeline this replaces
 * ({@code Multi.createFrom().emitter(...).map(...)}) kept for each stream's whole life an emitter with two queues
 * (one of them a 1 KiB array), a map operator, and a context-propagation capture of the request's contexts per
 * callback, about 2.4 KB a stream in a heap dump of 4,000 streams (src/bench/RESULTS.md, 2026-12-06). Events wait
 * here only while the client's connection has not taken the previous one yet (Quarkus REST asks for one at a time,
 * and for the next once the last is written); they go out one at a time, in order, never under this object's lock
 * (a write takes the connection's lock, see {@link ConversationStream}).
 */
final class SseEvents extends AbstractMulti<OutboundSseEvent> implements MultiEmitter<StreamEvent>, Flow.Subscription {

    private static final Map<String, String> ENDED = Map.of("reason", "the session has ended");

    private final Sse sse;
    /** Starts feeding the stream once Quarkus REST subscribes; dropped then, with whatever it holds. */
    private Consumer<SseEvents> start;

    // All guarded by this.
    private Flow.Subscriber<? super OutboundSseEvent> subscriber;
    /** The next event to go out, then the rest (allocated only when more than one waits). */
    private StreamEvent next;

    private ArrayDeque<StreamEvent> rest;
    private long requested;
    private boolean draining;
    private boolean drainAgain;
    /** No more events: the waiting ones go out, then the completion (or the failure). */
    private boolean done;

    private Throwable failure;
    /** Cancelled by the client's departure, or completed: nothing goes out any more. */
    private boolean terminated;

    private Runnable onTermination;

    SseEvents(Sse sse, Consumer<SseEvents> start) {
        this.sse = sse;
        this.start = start;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super OutboundSseEvent> downstream) {
        Objects.requireNonNull(downstream, "subscriber");
        Consumer<SseEvents> starting;
        synchronized (this) {
            if (subscriber != null) {
                starting = null;
            } else {
                subscriber = downstream;
                starting = start;
                start = null;
            }
        }
        if (starting == null) {
            Subscriptions.fail(downstream, new IllegalStateException("An event stream has only one subscriber"));
            return;
        }
        downstream.onSubscribe(this);
        try {
            starting.accept(this);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public MultiEmitter<StreamEvent> emit(StreamEvent event) {
        synchronized (this) {
            if (done || terminated) {
                return this;
            }
            if (next == null) {
                next = event;
            } else {
                if (rest == null) {
                    rest = new ArrayDeque<>(4);
                }
                rest.add(event);
            }
        }
        drain();
        return this;
    }

    @Override
    public void fail(Throwable failure) {
        end(failure == null ? new NullPointerException("failure") : failure);
    }

    @Override
    public void complete() {
        end(null);
    }

    private void end(Throwable failure) {
        synchronized (this) {
            if (done || terminated) {
                return;
            }
            done = true;
            this.failure = failure;
        }
        drain();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("A subscriber must request a positive number of events, not " + n));
            return;
        }
        synchronized (this) {
            requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
        }
        drain();
    }

    @Override
    public void cancel() {
        Runnable termination;
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminate();
            termination = onTermination;
            onTermination = null;
        }
        if (termination != null) {
            termination.run();
        }
    }

    @Override
    public MultiEmitter<StreamEvent> onTermination(Runnable onTermination) {
        synchronized (this) {
            if (!terminated) {
                this.onTermination = onTermination;
                return this;
            }
        }
        onTermination.run();
        return this;
    }

    @Override
    public synchronized boolean isCancelled() {
        return terminated;
    }

    @Override
    public synchronized long requested() {
        return requested;
    }

    /** Hands the waiting events to the subscriber as it asks for them, one thread at a time. */
    private void drain() {
        synchronized (this) {
            if (draining) {
                drainAgain = true;
                return;
            }
            draining = true;
        }
        for (; ; ) {
            StreamEvent event;
            Flow.Subscriber<? super OutboundSseEvent> to;
            Throwable failed = null;
            Runnable termination = null;
            synchronized (this) {
                to = subscriber;
                if (terminated) {
                    draining = false;
                    return;
                }
                if (next != null && requested > 0) {
                    event = next;
                    next = rest == null ? null : rest.poll();
                    if (rest != null && rest.isEmpty()) {
                        rest = null; // an idle stream keeps no queue
                    }
                    requested--;
                } else if (next == null && done) {
                    event = null;
                    failed = failure;
                    terminate();
                    termination = onTermination;
                    onTermination = null;
                    draining = false;
                } else if (drainAgain) {
                    drainAgain = false;
                    continue;
                } else {
                    draining = false;
                    return;
                }
            }
            if (event == null) {
                if (failed != null) {
                    to.onError(failed);
                } else {
                    to.onComplete();
                }
                if (termination != null) {
                    termination.run();
                }
                return;
            }
            try {
                to.onNext(outbound(event));
            } catch (RuntimeException e) {
                // Not thrown back at whoever emitted: that is the delivery of a message to every stream of its
                // conversation. This stream stops; its client reconnects and catches up.
                Log.warnf(e, "An event stream failed to send an event and is closed");
                synchronized (this) {
                    draining = false;
                }
                cancel();
                return;
            }
        }
    }

    /** Caller holds the lock. */
    private void terminate() {
        terminated = true;
        next = null;
        rest = null;
    }

    private OutboundSseEvent outbound(StreamEvent event) {
        if (event instanceof StreamEvent.MessageArrived arrived) {
            return sse.newEventBuilder()
                    .name("message")
                    .id(Long.toString(arrived.message().seq()))
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(Message.class, arrived.message().message())
                    .build();
        }
        if (event instanceof StreamEvent.ConversationChanged changed) {
            return sse.newEventBuilder()
                    .name("conversation")
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(Map.of("conversationId", changed.conversationId()))
                    .build();
        }
        if (event instanceof StreamEvent.Ended) {
            return sse.newEventBuilder()
                    .name("ended")
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(ENDED)
                    .build();
        }
        return sse.newEventBuilder().comment("heartbeat").build();
    }
}
