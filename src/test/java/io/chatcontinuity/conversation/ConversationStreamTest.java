package io.chatcontinuity.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.session.SessionEnded;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The life of one event stream, with its feeds faked: not started (its opening read under way), catching up from
 * Postgres, live, behind after a failed read, and closed; heartbeats, safety catch-ups, a full batch that reads on.
 */
class ConversationStreamTest {

    private static final String CONVERSATION = "conv_1";
    private static final int SAFETY_EVERY = 3;

    private final FakeFeeds feeds = new FakeFeeds();
    private final AssertSubscriber<StreamEvent> client = AssertSubscriber.create(Long.MAX_VALUE);
    private final ConversationStream stream = stream(Instant.now().plus(Duration.ofHours(1)));

    private ConversationStream stream(Instant expiresAt) {
        AtomicReference<MultiEmitter<? super StreamEvent>> emitter = new AtomicReference<>();
        Multi.createFrom().<StreamEvent>emitter(emitter::set).subscribe().withSubscriber(client);
        return new ConversationStream(emitter.get(), feeds, CONVERSATION, "ses_1", expiresAt, SAFETY_EVERY);
    }

    @Test
    void startingSendsAHeartbeatAndNothingElseWhenNothingWasMissed() {
        stream.start(5, 5);

        assertEquals(List.of("heartbeat"), sent());
        assertTrue(feeds.reads.isEmpty(), "no read of Postgres");
    }

    @Test
    void startingReadsWhatCameAfterTheClientsLastMessage() {
        stream.start(3, 5);

        feeds.answerNext(CONVERSATION, 3, message(4), message(5));

        assertEquals(List.of("heartbeat", "message 4", "message 5"), sent());
    }

    @Test
    void whatArrivesBeforeTheStartIsReadOnceItHasStarted() {
        stream.offer(message(6));
        assertEquals(List.of(), sent(), "nothing goes out before the start");

        stream.start(5, 5);
        feeds.answerNext(CONVERSATION, 5, message(6));

        assertEquals(List.of("heartbeat", "message 6"), sent());
    }

    @Test
    void aLiveMessageNextInSequenceGoesStraightOut() {
        stream.start(5, 5);

        stream.offer(message(6));
        stream.offer(message(7));

        assertEquals(List.of("heartbeat", "message 6", "message 7"), sent());
        assertTrue(feeds.reads.isEmpty());
    }

    @Test
    void aGapIsFilledFromPostgresAndEveryMessageGoesOutOnce() {
        stream.start(5, 5);

        stream.offer(message(8));
        feeds.answerNext(CONVERSATION, 5, message(6), message(7), message(8));
        stream.offer(message(8));
        stream.offer(message(7));

        assertEquals(List.of("heartbeat", "message 6", "message 7", "message 8"), sent());
    }

    @Test
    void messagesPushedDuringACatchUpAreReadRightAfterIt() {
        stream.start(5, 5);
        stream.offer(message(7));

        stream.offer(message(9)); // while the read of 6 and 7 is under way
        feeds.answerNext(CONVERSATION, 5, message(6), message(7));
        feeds.answerNext(CONVERSATION, 7, message(8), message(9));

        assertEquals(List.of("heartbeat", "message 6", "message 7", "message 8", "message 9"), sent());
        assertTrue(feeds.reads.isEmpty(), "caught up: live again");
        stream.offer(message(10));
        assertEquals("message 10", sent().get(5));
    }

    @Test
    void aFullBatchReadsOnUntilAShortOne() {
        stream.start(0, 250);

        feeds.answerNext(CONVERSATION, 0, messages(1, 100));
        feeds.answerNext(CONVERSATION, 100, messages(101, 200));
        feeds.answerNext(CONVERSATION, 200, messages(201, 250));

        assertEquals(251, sent().size());
        assertEquals("message 250", sent().get(250));
        assertTrue(feeds.reads.isEmpty());
    }

    @Test
    void messagesOfAnotherConversationAreIgnored() {
        stream.start(5, 5);

        stream.offer(new StoredMessage("conv_other", 6, text("elsewhere")));

        assertEquals(List.of("heartbeat"), sent());
    }

    @Test
    void heartbeatsBeforeTheStartSendNothing() {
        assertFalse(stream.beat());

        assertEquals(List.of(), sent());
    }

    @Test
    void everyFewBeatsASafetyBeatCatchesUpAndAsksForASessionCheck() {
        stream.start(5, 5);

        assertFalse(stream.beat());
        assertFalse(stream.beat());
        assertTrue(feeds.reads.isEmpty());
        assertTrue(stream.beat(), "the third beat is a safety beat");

        feeds.answerNext(CONVERSATION, 5, message(6));
        assertEquals(List.of("heartbeat", "heartbeat", "heartbeat", "heartbeat", "message 6"), sent());
    }

    @Test
    void aFailedCatchUpIsRetriedAtTheNextBeat() {
        stream.start(5, 5);
        stream.offer(message(7));

        feeds.failNext(new IllegalStateException("Postgres is away"));
        assertTrue(feeds.reads.isEmpty(), "behind: waiting for the next beat");
        stream.beat();
        feeds.answerNext(CONVERSATION, 5, message(6), message(7));

        assertEquals(List.of("heartbeat", "heartbeat", "message 6", "message 7"), sent());
    }

    @Test
    void anExpiredTokenEndsTheStreamAtItsNextBeat() {
        ConversationStream expiring = stream(Instant.now().minusSeconds(1));
        expiring.start(5, 5);

        assertFalse(expiring.beat());

        assertEquals(List.of("heartbeat", "ended"), sent());
        client.assertCompleted();
        assertTrue(expiring.isClosed());
    }

    @Test
    void anEndSendsEndedAndStopsEverythingThatFeedsTheStream() {
        AtomicBoolean watching = new AtomicBoolean(true);
        stream.sessionWatchStoppedBy(() -> watching.set(false));
        stream.start(5, 5);

        stream.sessionEnded(new SessionEnded("ses_1", null, null));

        assertEquals(List.of("heartbeat", "ended"), sent());
        client.assertCompleted();
        assertEquals(List.of(CONVERSATION), feeds.unregistered);
        assertEquals(1, feeds.stoppedBeating);
        assertFalse(watching.get(), "the session watch is stopped");
    }

    @Test
    void theEndOfAnotherSessionLeavesTheStreamOpen() {
        stream.start(5, 5);

        stream.sessionEnded(new SessionEnded("ses_other", null, null));

        assertFalse(stream.isClosed());
    }

    @Test
    void aReleasedStreamClosesWithoutAnEndSoItsClientReconnects() {
        stream.start(5, 5);

        stream.release();

        assertEquals(List.of("heartbeat"), sent());
        client.assertCompleted();
        assertTrue(stream.isClosed());
    }

    @Test
    void aClosedStreamSendsNothingMoreAndReadsNothing() {
        stream.start(5, 5);
        stream.offer(message(8));

        stream.closed();
        feeds.answerNext(CONVERSATION, 5, message(6), message(7), message(8));
        stream.offer(message(9));
        stream.catchUp();

        assertEquals(List.of("heartbeat"), sent());
        assertFalse(stream.beat());
        assertTrue(feeds.reads.isEmpty());
    }

    @Test
    void aStartAfterTheClientWentAwayDoesNothing() {
        stream.closed();

        stream.start(3, 5);

        assertEquals(List.of(), sent());
        assertTrue(feeds.reads.isEmpty());
    }

    @Test
    void afterALoginTheStreamCarriesOnWithTheUsersConversation() {
        stream.start(5, 5);
        SessionEnded login = new SessionEnded("ses_1", "ses_user", "conv_user");

        stream.follow(login, 20, Instant.now().plus(Duration.ofHours(1)));
        feeds.registrations.removeFirst().complete(null);
        feeds.answerNext("conv_user", 20, new StoredMessage("conv_user", 21, text("welcome back")));

        assertEquals(List.of("heartbeat", "conversation conv_user", "message 21"), sent());
        assertEquals(List.of(CONVERSATION), feeds.unregistered);
        assertEquals("ses_user", stream.sessionId());
        stream.offer(message(6));
        assertEquals(3, sent().size(), "the anonymous conversation is no longer followed");
    }

    private List<String> sent() {
        return client.getItems().stream().map(ConversationStreamTest::describe).toList();
    }

    private static String describe(StreamEvent event) {
        if (event instanceof StreamEvent.MessageArrived arrived) {
            return "message " + arrived.message().seq();
        }
        if (event instanceof StreamEvent.ConversationChanged changed) {
            return "conversation " + changed.conversationId();
        }
        return event instanceof StreamEvent.Ended ? "ended" : "heartbeat";
    }

    private static StoredMessage message(long seq) {
        return new StoredMessage(CONVERSATION, seq, text("text " + seq));
    }

    private static StoredMessage[] messages(long from, long to) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(ConversationStreamTest::message)
                .toArray(StoredMessage[]::new);
    }

    private static Message text(String text) {
        return new Message("msg_" + text.hashCode(), null, Author.AGENT, text, Instant.EPOCH);
    }

    private record Read(String conversationId, long afterSeq, CompletableFuture<List<StoredMessage>> answer) {}

    /** Reads and registrations wait until the test answers them, in the order they were asked. */
    private static final class FakeFeeds implements ConversationStream.Feeds {

        final Deque<Read> reads = new ArrayDeque<>();
        final Deque<CompletableFuture<Void>> registrations = new ArrayDeque<>();
        final List<String> unregistered = new ArrayList<>();
        int stoppedBeating;

        @Override
        public Uni<List<StoredMessage>> after(String conversationId, long afterSeq, int limit) {
            assertEquals(ConversationStream.CATCH_UP_BATCH, limit);
            Read read = new Read(conversationId, afterSeq, new CompletableFuture<>());
            reads.add(read);
            return Uni.createFrom().completionStage(read.answer());
        }

        @Override
        public Uni<Void> register(String conversationId, ConversationStream stream) {
            CompletableFuture<Void> registered = new CompletableFuture<>();
            registrations.add(registered);
            return Uni.createFrom().completionStage(registered);
        }

        @Override
        public void unregister(String conversationId, ConversationStream stream) {
            unregistered.add(conversationId);
        }

        @Override
        public void stopBeating(ConversationStream stream) {
            stoppedBeating++;
        }

        void answerNext(String conversationId, long afterSeq, StoredMessage... found) {
            Read read = reads.removeFirst();
            assertEquals(conversationId, read.conversationId(), "read of the conversation");
            assertEquals(afterSeq, read.afterSeq(), "read after");
            read.answer().complete(List.of(found));
        }

        void failNext(Throwable failure) {
            reads.removeFirst().answer().completeExceptionally(failure);
        }
    }
}
