package io.chatcontinuity.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BatcherTest {

    /** A store that answers each batch when the test says so; each answer is the item in upper case. */
    private static final class Store {
        final List<List<String>> batches = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();

        Uni<List<String>> flush(List<String> batch) {
            batches.add(List.copyOf(batch));
            CompletableFuture<Void> done = new CompletableFuture<>();
            pending.add(done);
            return Uni.createFrom().completionStage(done).map(ignored -> {
                if (batch.contains("poison")) {
                    throw new IllegalArgumentException("poison");
                }
                if (batch.contains("outage")) {
                    throw new IllegalStateException("store down");
                }
                return batch.stream().map(String::toUpperCase).toList();
            });
        }

        void answerNext() {
            pending.stream().filter(f -> !f.isDone()).findFirst().orElseThrow().complete(null);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Store store = new Store();

    private Batcher<String, String> batcher(int maxSize, int maxInFlight) {
        return new Batcher<>(
                maxSize, maxInFlight, TIMEOUT, failure -> failure instanceof IllegalArgumentException, store::flush);
    }

    private static UniAssertSubscriber<String> submit(Batcher<String, String> batcher, String item) {
        return batcher.submit(item).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void aLoneItemGoesOutAtOnceByItself() {
        UniAssertSubscriber<String> a = submit(batcher(10, 1), "a");
        assertEquals(List.of(List.of("a")), store.batches);
        store.answerNext();
        a.assertItem("A");
    }

    @Test
    void itemsThatArriveWhileTheStoreIsBusyGoOutTogetherAsTheNextBatch() {
        Batcher<String, String> batcher = batcher(10, 1);
        UniAssertSubscriber<String> a = submit(batcher, "a");
        UniAssertSubscriber<String> b = submit(batcher, "b");
        UniAssertSubscriber<String> c = submit(batcher, "c");
        assertEquals(List.of(List.of("a")), store.batches, "nothing more goes out while one batch is in flight");
        store.answerNext();
        assertEquals(List.of(List.of("a"), List.of("b", "c")), store.batches);
        a.assertItem("A");
        b.assertNotTerminated();
        store.answerNext();
        b.assertItem("B");
        c.assertItem("C");
    }

    @Test
    void upToMaxInFlightBatchesGoOutBeforeItemsWait() {
        Batcher<String, String> batcher = batcher(10, 2);
        submit(batcher, "a");
        submit(batcher, "b");
        submit(batcher, "c");
        submit(batcher, "d");
        assertEquals(List.of(List.of("a"), List.of("b")), store.batches);
        store.answerNext();
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c", "d")), store.batches);
    }

    @Test
    void aBatchHoldsAtMostMaxSizeItems() {
        Batcher<String, String> batcher = batcher(2, 1);
        List<UniAssertSubscriber<String>> all = new ArrayList<>();
        for (String item : List.of("a", "b", "c", "d", "e")) {
            all.add(submit(batcher, item));
        }
        store.answerNext();
        store.answerNext();
        store.answerNext();
        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of("d", "e")), store.batches);
        all.forEach(subscriber -> subscriber.assertCompleted());
    }

    @Test
    void aBadItemFailsAloneAndItsNeighboursAreWrittenOneAfterAnotherInTheirOrder() {
        Batcher<String, String> batcher = batcher(10, 1);
        submit(batcher, "first");
        UniAssertSubscriber<String> before = submit(batcher, "b");
        UniAssertSubscriber<String> poison = submit(batcher, "poison");
        UniAssertSubscriber<String> after = submit(batcher, "c");
        store.answerNext();
        store.answerNext(); // the batch of three fails; its items go again, one at a time
        assertEquals(List.of(List.of("b")), store.batches.subList(2, store.batches.size()));
        UniAssertSubscriber<String> later = submit(batcher, "later");
        store.answerNext();
        before.assertItem("B");
        assertEquals(List.of("poison"), store.batches.get(store.batches.size() - 1), "still in turn, before 'later'");
        store.answerNext();
        poison.assertFailedWith(IllegalArgumentException.class, "poison");
        store.answerNext();
        after.assertItem("C");
        assertEquals(
                List.of(List.of("b"), List.of("poison"), List.of("c"), List.of("later")),
                store.batches.subList(2, store.batches.size()),
                "the retries counted as the batch in flight");
        store.answerNext();
        later.assertItem("LATER");
    }

    @Test
    void aFailureThatIsNotRetriedFailsTheWholeBatchAtOnce() {
        Batcher<String, String> batcher = batcher(10, 1);
        submit(batcher, "first");
        UniAssertSubscriber<String> b = submit(batcher, "b");
        UniAssertSubscriber<String> outage = submit(batcher, "outage");
        store.answerNext();
        store.answerNext();
        assertEquals(2, store.batches.size(), "an outage is not retried item by item");
        b.assertFailedWith(IllegalStateException.class, "store down");
        outage.assertFailedWith(IllegalStateException.class, "store down");
    }

    @Test
    void aStoreThatAnswersTheWrongNumberOfItemsFailsTheBatchAndTheNextBatchStillGoesOut() {
        Function<List<String>, Uni<List<String>>> oneAnswerOnly =
                batch -> Uni.createFrom().item(List.of("only"));
        Batcher<String, String> batcher = new Batcher<>(10, 1, TIMEOUT, failure -> false, oneAnswerOnly);
        UniAssertSubscriber<String> alone = submit(batcher, "a");
        alone.assertItem("only");
        Batcher<String, String> paired = new Batcher<>(
                10,
                1,
                TIMEOUT,
                failure -> false,
                batch -> batch.size() == 1 ? store.flush(batch) : oneAnswerOnly.apply(batch));
        submit(paired, "x");
        UniAssertSubscriber<String> b = submit(paired, "b");
        UniAssertSubscriber<String> c = submit(paired, "c");
        store.answerNext();
        b.assertFailedWith(IllegalStateException.class, "A batch of 2 got 1 answers");
        c.assertFailed();
        UniAssertSubscriber<String> later = submit(paired, "later");
        store.answerNext();
        later.assertItem("LATER");
    }

    @Test
    void aBatchTheStoreNeverAnswersFailsAfterTheTimeoutAndFreesTheLane() {
        Batcher<String, String> batcher = new Batcher<>(10, 1, Duration.ofMillis(50), failure -> false, store::flush);
        UniAssertSubscriber<String> stuck = submit(batcher, "stuck");
        UniAssertSubscriber<String> next = submit(batcher, "next");
        stuck.awaitFailure(Duration.ofSeconds(5)).assertFailedWith(TimeoutException.class);
        assertEquals(List.of(List.of("stuck"), List.of("next")), store.batches);
        store.pending.get(1).complete(null);
        next.assertItem("NEXT");
    }

    @Test
    void eachAnswerIsDeliveredOnItsSubmittersOwnContext() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Batcher<String, String> batcher = batcher(10, 1);
            Context first = vertx.getOrCreateContext(), second = vertx.getOrCreateContext();
            CompletableFuture<Context> answeredOnFirst = new CompletableFuture<>();
            CompletableFuture<Context> answeredOnSecond = new CompletableFuture<>();
            CountDownLatch firstSubmitted = new CountDownLatch(1), submitted = new CountDownLatch(1);
            first.runOnContext(ignored -> {
                batcher.submit("a").subscribe().with(item -> answeredOnFirst.complete(Vertx.currentContext()));
                firstSubmitted.countDown();
            });
            assertTrue(firstSubmitted.await(5, TimeUnit.SECONDS)); // "a" is in flight before "b" is submitted
            second.runOnContext(ignored -> {
                batcher.submit("b").subscribe().with(item -> answeredOnSecond.complete(Vertx.currentContext()));
                submitted.countDown();
            });
            assertTrue(submitted.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < store.pending.size(); i++) { // answered here, on the test's thread
                store.pending.get(i).complete(null);
            }
            assertEquals(first, answeredOnFirst.get(5, TimeUnit.SECONDS));
            assertEquals(second, answeredOnSecond.get(5, TimeUnit.SECONDS));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersHandedOverToAnotherEventLoopTogetherStillRunEachOnItsSubmittersOwnContext() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            Batcher<String, String> batcher = batcher(10, 1);
            Context first = vertx.getOrCreateContext();
            ContextInternal loop = (ContextInternal) first;
            List<Context> submitters = List.of(loop.duplicate(), loop.duplicate(), loop.duplicate());
            List<CompletableFuture<Context>> answeredOn = new ArrayList<>();
            CountDownLatch submitted = new CountDownLatch(1);
            first.runOnContext(ignored -> {
                batcher.submit("busy").subscribe().with(item -> {});
                for (Context submitter : submitters) {
                    CompletableFuture<Context> answered = new CompletableFuture<>();
                    answeredOn.add(answered);
                    ((ContextInternal) submitter)
                            .dispatch(() -> batcher.submit("x")
                                    .subscribe()
                                    .with(item -> answered.complete(Vertx.currentContext())));
                }
                submitted.countDown();
            });
            assertTrue(submitted.await(5, TimeUnit.SECONDS));
            store.answerNext(); // the lone first batch, answered here; the three then go out together
            assertEquals(List.of(List.of("busy"), List.of("x", "x", "x")), store.batches);
            store.pending.get(1).complete(null); // answered on the test's thread, not the submitters' loop
            for (int i = 0; i < submitters.size(); i++) {
                assertEquals(submitters.get(i), answeredOn.get(i).get(5, TimeUnit.SECONDS));
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCallerThatDoesNotWaitGetsItsAnswerWhereTheStoreAnswered() {
        Batcher<String, String> batcher = batcher(10, 1);
        List<String> answers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        batcher.submit("a", (answer, failure) -> {
            answers.add(answer);
            threads.add(Thread.currentThread());
        });
        batcher.submit("b", (answer, failure) -> {
            throw new IllegalStateException("a receiver that fails");
        });
        batcher.submit("c", (answer, failure) -> answers.add(answer));
        store.answerNext();
        store.answerNext();
        assertEquals(List.of("A", "C"), answers, "a failing receiver does not keep the others from their answers");
        assertEquals(List.of(Thread.currentThread()), threads);
    }

    @Test
    void aCallerThatDoesNotWaitLearnsOfAFailure() {
        Batcher<String, String> batcher = batcher(10, 1);
        List<Throwable> failures = new ArrayList<>();
        batcher.submit("outage", (answer, failure) -> failures.add(failure));
        store.answerNext();
        assertEquals(1, failures.size());
        assertEquals("store down", failures.get(0).getMessage());
    }

    @Test
    void aFlushFunctionThatThrowsFailsItsItemsInsteadOfTheCaller() {
        Batcher<String, String> batcher = new Batcher<>(10, 1, TIMEOUT, failure -> false, batch -> {
            throw new IllegalStateException("cannot even start");
        });
        UniAssertSubscriber<String> a = submit(batcher, "a");
        a.assertFailedWith(IllegalStateException.class, "cannot even start");
        assertTrue(submit(batcher, "b").getFailure() != null, "the lane is free again after a failed batch");
    }
}
