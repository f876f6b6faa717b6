package io.chatcontinuity.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;
import org.junit.jupiter.api.Test;

/**
 * The publisher Quarkus REST subscribes to for an event stream: events go out in order, as the client's connection
 * asks for them; the ones it has not asked for yet wait; the end goes out after them; the client's departure stops
 * whatever feeds the stream.
 */
class SseEventsTest {

    private final AtomicReference<MultiEmitter<StreamEvent>> emitter = new AtomicReference<>();
    private final SseEvents events = new SseEvents(SseImpl.INSTANCE, emitter::set);

    @Test
    void theStreamStartsWhenSubscribedToAndEventsGoOutAsTheyAreAskedFor() {
        AssertSubscriber<OutboundSseEvent> client = AssertSubscriber.create(1);
        assertEquals(null, emitter.get(), "nothing starts before the subscription");

        events.subscribe(client);
        assertSame(events, emitter.get());
        emitter.get().emit(new StreamEvent.Heartbeat());
        emitter.get().emit(message(1));
        emitter.get().emit(message(2));

        assertEquals(List.of("heartbeat"), sent(client));
        client.request(1);
        assertEquals(List.of("heartbeat", "message 1"), sent(client));
        client.request(5);
        assertEquals(List.of("heartbeat", "message 1", "message 2"), sent(client));
        emitter.get().emit(message(3));
        assertEquals(List.of("heartbeat", "message 1", "message 2", "message 3"), sent(client));
    }

    @Test
    void theEndGoesOutAfterTheEventsStillWaiting() {
        AssertSubscriber<OutboundSseEvent> client = AssertSubscriber.create(1);
        AtomicInteger terminated = new AtomicInteger();
        events.subscribe(client);
        emitter.get().onTermination(terminated::incrementAndGet);

        emitter.get().emit(message(1));
        emitter.get().emit(new StreamEvent.Ended());
        emitter.get().complete();
        emitter.get().emit(message(2));
        client.assertNotTerminated();
        assertEquals(0, terminated.get());

        client.request(10);
        assertEquals(List.of("message 1", "ended"), sent(client));
        client.assertCompleted();
        assertEquals(1, terminated.get());
    }

    @Test
    void aFailureGoesOutAfterTheEventsStillWaiting() {
        AssertSubscriber<OutboundSseEvent> client = AssertSubscriber.create(0);
        events.subscribe(client);
        emitter.get().emit(message(1));
        emitter.get().fail(new IllegalStateException("store down"));

        client.request(1);
        assertEquals(List.of("message 1"), sent(client));
        client.assertFailedWith(IllegalStateException.class, "store down");
    }

    @Test
    void theClientsDepartureStopsWhatFeedsTheStreamOnce() {
        AssertSubscriber<OutboundSseEvent> client = AssertSubscriber.create(0);
        AtomicInteger terminated = new AtomicInteger();
        events.subscribe(client);
        emitter.get().onTermination(terminated::incrementAndGet);
        emitter.get().emit(message(1));

        client.cancel();
        client.cancel();
        emitter.get().emit(message(2));
        client.request(5);

        assertEquals(List.of(), sent(client));
        assertEquals(1, terminated.get());
        assertTrue(emitter.get().isCancelled());
        AtomicInteger late = new AtomicInteger();
        emitter.get().onTermination(late::incrementAndGet);
        assertEquals(1, late.get(), "a termination callback given after the end runs at once");
    }

    @Test
    void onlyOneSubscriber() {
        events.subscribe(AssertSubscriber.create(1));
        AssertSubscriber<OutboundSseEvent> second = AssertSubscriber.create(1);

        events.subscribe(second);

        second.assertFailedWith(IllegalStateException.class, "only one subscriber");
    }

    @Test
    void eventsFromManyThreadsGoOutOneAtATimeAndNoneIsLost() throws Exception {
        int threads = 4;
        int each = 2_000;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AssertSubscriber<OutboundSseEvent> client = new AssertSubscriber<>(Long.MAX_VALUE) {
            @Override
            public void onItem(OutboundSseEvent item) {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                super.onItem(item);
                inside.decrementAndGet();
            }
        };
        events.subscribe(client);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int first = t * each;
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < each; i++) {
                    emitter.get().emit(message(first + i));
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

        assertEquals(threads * each, client.getItems().size());
        assertEquals(0, overlaps.get());
        assertFalse(emitter.get().isCancelled());
    }

    private static StreamEvent message(long seq) {
        return new StreamEvent.MessageArrived(new StoredMessage(
                "conv_1", seq, new Message("msg_" + seq, "c-" + seq, Author.VISITOR, "text " + seq, Instant.EPOCH)));
    }

    private static List<String> sent(AssertSubscriber<OutboundSseEvent> client) {
        return client.getItems().stream()
                .map(event -> event.getComment() != null
                        ? event.getComment()
                        : event.getName() + (event.getId() != null ? " " + event.getId() : ""))
                .toList();
    }
}
