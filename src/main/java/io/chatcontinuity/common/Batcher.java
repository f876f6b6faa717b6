package io.chatcontinuity.common;

import io.netty.channel.EventLoop;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Smart batching for a store round trip: an item submitted while fewer than {@code maxInFlight} batches are out is
 * sent at once, alone; items submitted while the store is busy wait and go out together as the next batch. A quiet
 * service therefore adds no latency, and a busy one does one round trip (and, for Postgres, one commit) for many
 * requests instead of one each.
 * <p>
 * One queue serves every thread of the instance, so that a batch gathers whatever every event loop has waiting: the
 * bigger batches cost the store less per item, more than the hand-offs between threads cost (measured with
 * the posts of {@code src/bench/messages-vs-pgbench.sh}: a queue per event loop made batches half the size and posts
 * 13 % slower).
 * A batch's round trip runs on the context of the request that sent it; every request gets its answer back on its
 * own context, where the rest of it expects to run, and the answers for one event loop go over together. A caller
 * that does not wait for its answer can take it wherever the store answered, with no hand-off at all.
 * <p>
 * The price is head-of-line waiting: a round trip that waits (a statement waiting for a row lock that a merge or an
 * erasure holds) holds up the items behind it for as long. Such waits are short; a batch that the store does not
 * answer within the timeout fails (as a store outage), so that one stuck round trip cannot hold up the queue for good.
 *
 * @param <I> what a request asks the store to do
 * @param <O> its answer; the flush function answers one per item, in the items' order
 */
public final class Batcher<I, O> {

    private final Function<List<I>, Uni<List<O>>> flush;
    private final Duration timeout;
    private final Predicate<Throwable> retryAlone;
    private final int maxSize;
    private final int maxInFlight;
    private final ArrayDeque<Pending<I, O>> waiting = new ArrayDeque<>();
    private final Object lock = new Object();
    private int inFlight; // guarded by lock, as is waiting

    /**
     * @param retryAlone which failures of a batch of several send its items again, one after another, so that one bad
     *                   item cannot fail its neighbours; a store outage, for example, should not be retried
     */
    public Batcher(
            int maxSize,
            int maxInFlight,
            Duration timeout,
            Predicate<Throwable> retryAlone,
            Function<List<I>, Uni<List<O>>> flush) {
        if (maxSize < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxSize and maxInFlight must be at least 1");
        }
        this.flush = flush;
        this.timeout = timeout;
        this.retryAlone = retryAlone;
        this.maxSize = maxSize;
        this.maxInFlight = maxInFlight;
    }

    public Uni<O> submit(I item) {
        return Uni.createFrom()
                .emitter(emitter -> add(new Pending<>(item, Vertx.currentContext(), (answer, failure) -> {
                    if (failure == null) {
                        emitter.complete(answer);
                    } else {
                        emitter.fail(failure);
                    }
                })));
    }

    /**
     * For a caller that does not wait for the answer (a count or a publish made after its request was answered):
     * {@code done} gets the answer or the failure on whichever thread the store answered, with no hand-off to the
     * caller's event loop, so it must be safe to run there.
     */
    public void submit(I item, BiConsumer<? super O, Throwable> done) {
        add(new Pending<>(item, null, done));
    }

    /** An item, the context its answer goes back to (null: wherever the store answers), and what gets the answer. */
    private record Pending<I, O>(I item, Context context, BiConsumer<? super O, Throwable> done) {}

    /**
     * Each item's answer (or the batch's failure), on its submitter's own (duplicated) context, where the rest of its
     * request expects to run. Answers for another event loop go over in one task per loop rather than one per item:
     * every hand-off to a sleeping loop costs a wake-up, and a batch of posts from a few loops would pay one each.
     */
    private static <I, O> void answer(List<Pending<I, O>> batch, List<O> answers, Throwable failure) {
        Map<EventLoop, List<Runnable>> elsewhere = null;
        for (int i = 0; i < batch.size(); i++) {
            Pending<I, O> pending = batch.get(i);
            O answer = answers == null ? null : answers.get(i);
            if (pending.context() == null) {
                try {
                    pending.done().accept(answer, failure);
                } catch (RuntimeException e) {
                    Log.warnf(e, "An answer's receiver failed"); // the other items still get theirs
                }
                continue;
            }
            // ContextInternal is Vert.x 4's internal API (its event loop, and emit onto the context); on Vert.x 5
            // it moves, and this grouping by loop goes with it.
            ContextInternal context = (ContextInternal) pending.context();
            Runnable delivery =
                    () -> context.emit(null, ignored -> pending.done().accept(answer, failure));
            EventLoop loop = context.nettyEventLoop();
            if (!context.isEventLoopContext() || loop.inEventLoop()) {
                delivery.run(); // on its own thread at once; a worker context hands itself over
                continue;
            }
            if (elsewhere == null) {
                elsewhere = new HashMap<>();
            }
            elsewhere.computeIfAbsent(loop, ignored -> new ArrayList<>()).add(delivery);
        }
        if (elsewhere != null) {
            elsewhere.forEach((loop, deliveries) -> {
                try {
                    loop.execute(() -> deliveries.forEach(Runnable::run));
                } catch (RejectedExecutionException e) {
                    // That loop is shutting down with its connections; the other loops' answers and the batcher's
                    // own bookkeeping (in flight, retries) must go on.
                    Log.debugf("Answers for a stopped event loop were dropped: %s", e.getMessage());
                }
            });
        }
    }

    private void add(Pending<I, O> pending) {
        List<Pending<I, O>> batch;
        synchronized (lock) {
            waiting.add(pending);
            batch = next();
        }
        if (batch != null) {
            send(batch);
        }
    }

    /** The next batch, when one may go out now; the caller must hold the lock. */
    private List<Pending<I, O>> next() {
        if (inFlight >= maxInFlight || waiting.isEmpty()) {
            return null;
        }
        inFlight++;
        List<Pending<I, O>> batch = new ArrayList<>(Math.min(waiting.size(), maxSize));
        while (!waiting.isEmpty() && batch.size() < maxSize) {
            batch.add(waiting.poll());
        }
        return batch;
    }

    private void send(List<Pending<I, O>> batch) {
        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, O> pending : batch) {
            items.add(pending.item());
        }
        flushed(items)
                .subscribe()
                .with(
                        answers -> {
                            sent();
                            answer(batch, answers, null);
                        },
                        failure -> {
                            if (batch.size() > 1 && retryAlone.test(failure)) {
                                retryInTurn(batch, 0);
                            } else {
                                sent();
                                failAll(batch, failure);
                            }
                        });
    }

    /**
     * The items of a failed batch, one after another and in their order, still counted as one batch in flight:
     * a retry neither overtakes the posts that arrived before it nor exceeds {@code maxInFlight}.
     */
    private void retryInTurn(List<Pending<I, O>> batch, int next) {
        if (next == batch.size()) {
            sent();
            return;
        }
        Pending<I, O> pending = batch.get(next);
        flushed(List.of(pending.item()))
                .subscribe()
                .with(
                        answers -> {
                            answer(List.of(pending), answers, null);
                            retryInTurn(batch, next + 1);
                        },
                        failure -> {
                            answer(List.of(pending), null, failure);
                            retryInTurn(batch, next + 1);
                        });
    }

    /** The store's answers, one per item, or a failure; never a throw, never a wait beyond the timeout. */
    private Uni<List<O>> flushed(List<I> items) {
        Uni<List<O>> answers;
        try {
            answers = flush.apply(items);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return answers.ifNoItem().after(timeout).fail().map(list -> {
            if (list == null || list.size() != items.size()) {
                throw new IllegalStateException(
                        "A batch of " + items.size() + " got " + (list == null ? "no" : list.size()) + " answers");
            }
            return list;
        });
    }

    /** One batch is answered: the next one, if any is waiting, goes out before this one's requests go on. */
    private void sent() {
        List<Pending<I, O>> batch;
        synchronized (lock) {
            inFlight--;
            batch = next();
        }
        if (batch != null) {
            send(batch);
        }
    }

    private void failAll(List<Pending<I, O>> batch, Throwable failure) {
        answer(batch, null, failure);
    }
}
