package io.chatcontinuity.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.session.LiveSession;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.token.TokenType;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Posts submitted while a statement is in flight share the next one; each must still be written, or refused, exactly
 * as if it had been written alone. To make a batch for sure, the tests hold one post in flight with a row lock.
 */
@QuarkusTest
class MessageRepositoryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    MessageRepository messages;

    @Inject
    Pool postgres;

    @Inject
    MeterRegistry metrics;

    private String appId;

    @BeforeEach
    void app() {
        appId = TestApps.create().getString("appId");
    }

    @Test
    void postsWrittenTogetherTakeConsecutiveSequenceNumbersInTheOrderTheyArrived() {
        Conversation a = conversation(appId), b = conversation(appId);
        Conversation blocker = blocker();
        DistributionSummary postsPerStatement =
                metrics.get("chat.messages.posts.per.statement").summary();
        long statements = postsPerStatement.count();
        double posts = postsPerStatement.totalAmount();
        List<StoredMessage> stored = inOneBatch(
                blocker, insert(a, "a1"), insert(b, "b1"), insert(a, "a2"), insert(a, "a3"), insert(b, "b2"));
        assertEquals(2, postsPerStatement.count() - statements, "the held post alone, the other five together");
        assertEquals(6, postsPerStatement.totalAmount() - posts);
        assertEquals(
                List.of(1L, 1L, 2L, 3L, 2L),
                stored.stream().map(StoredMessage::seq).toList());
        assertEquals(List.of("a1", "a2", "a3"), texts(a));
        assertEquals(List.of("b1", "b2"), texts(b));
        assertEquals(3L, lastSeq(a));
    }

    @Test
    void theSameClientMessageIdTwiceInOneBatchIsWrittenOnce() {
        Conversation a = conversation(appId);
        List<StoredMessage> stored =
                inOneBatch(blocker(), insert(a, "first"), insert(a, "retry", "same-id"), insert(a, "retry", "same-id"));
        assertNotNull(stored.get(0));
        assertEquals(1, stored.subList(1, 3).stream().filter(m -> m != null).count(), String.valueOf(stored));
        assertEquals(List.of("first", "retry"), texts(a));
    }

    @Test
    void aConversationOfAnotherAppGetsNothingAndItsNeighboursAreWritten() {
        String otherAppId = TestApps.create().getString("appId");
        Conversation theirs = conversation(appId);
        insert(theirs, "theirs").await().atMost(WAIT);
        Conversation spoofed = new Conversation(theirs.id(), otherAppId, theirs.visitorId());
        Conversation mine = conversation(otherAppId);
        List<StoredMessage> stored =
                inOneBatch(blocker(), insert(mine, "warm"), insert(spoofed, "intruder"), insert(mine, "mine"));
        assertNull(stored.get(1));
        assertNotNull(stored.get(2));
        assertEquals(List.of("theirs"), texts(theirs));
        assertEquals(List.of("warm", "mine"), texts(mine));
    }

    @Test
    void aMessagePostgresRefusesFailsAloneAndTheRestOfItsBatchIsWritten() {
        Conversation a = conversation(appId);
        List<StoredMessage> stored = inOneBatch(
                blocker(),
                insert(a, "one"),
                insert(a, "two"),
                insert(a, "nul \u0000 byte").onFailure().recoverWithNull(),
                insert(a, "three"));
        assertNull(stored.get(2), "the NUL byte is refused");
        assertEquals(List.of("one", "two", "three"), texts(a));
        assertEquals(List.of(1L, 2L, 3L), seqs(a), "written one after another, in the order they arrived");
    }

    @Test
    void aSessionsFirstMessagesKeepItsRowOnceEvenWhenSeveralShareABatch() {
        Conversation a = conversation(appId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        LiveSession session = new LiveSession(
                Secrets.randomId("ses"), appId, a.visitorId(), TokenType.ANONYMOUS, a.id(), false, false, now, null);
        inOneBatch(
                blocker(),
                messages.insert(a, message("warm", Secrets.randomId("c")), null),
                messages.insert(a, message("one", Secrets.randomId("c")), session),
                messages.insert(a, message("two", Secrets.randomId("c")), session));
        Row row = postgres.preparedQuery(
                        "select count(*) as n, bool_and(has_messages) as kept from sessions where id = $1")
                .execute(Tuple.of(session.id()))
                .await()
                .atMost(WAIT)
                .iterator()
                .next();
        assertEquals(1L, row.getLong("n"));
        assertTrue(row.getBoolean("kept"));
    }

    private static Conversation conversation(String appId) {
        return new Conversation(Secrets.randomId("conv"), appId, Secrets.randomId("vis"));
    }

    private Uni<StoredMessage> insert(Conversation conversation, String text) {
        return insert(conversation, text, Secrets.randomId("c"));
    }

    private Uni<StoredMessage> insert(Conversation conversation, String text, String clientMessageId) {
        return messages.insert(conversation, message(text, clientMessageId), null);
    }

    private static Message message(String text, String clientMessageId) {
        return new Message(
                Secrets.randomId("msg"),
                clientMessageId,
                Author.VISITOR,
                text,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** A conversation whose row exists, for {@link #inOneBatch} to hold a post in flight with. */
    private Conversation blocker() {
        Conversation blocker = conversation(appId);
        insert(blocker, "exists").await().atMost(WAIT);
        return blocker;
    }

    /**
     * Locks the blocker's row, posts to it (that statement goes out at once and waits for the lock), then submits the
     * posts, which wait for the statement in flight and go out together as the next one; then lets go of the lock.
     * Answers the posts' results in their order.
     */
    @SafeVarargs
    private List<StoredMessage> inOneBatch(Conversation blocker, Uni<StoredMessage>... posts) {
        SqlConnection lock = postgres.getConnection().await().atMost(WAIT);
        try {
            lock.query("begin").execute().await().atMost(WAIT);
            lock.preparedQuery("select id from conversations where id = $1 for update")
                    .execute(Tuple.of(blocker.id()))
                    .await()
                    .atMost(WAIT);
            List<Uni<StoredMessage>> all = new ArrayList<>();
            all.add(insert(blocker, "held"));
            all.addAll(List.of(posts));
            CompletableFuture<List<StoredMessage>> done =
                    Uni.join().all(all).andFailFast().subscribeAsCompletionStage();
            lock.query("commit").execute().await().atMost(WAIT);
            List<StoredMessage> stored = done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return stored.subList(1, stored.size());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            lock.close().await().atMost(WAIT);
        }
    }

    private List<Long> seqs(Conversation conversation) {
        List<Long> seqs = new ArrayList<>();
        postgres.preparedQuery("select seq from messages where conversation_id = $1 order by seq")
                .execute(Tuple.of(conversation.id()))
                .await()
                .atMost(WAIT)
                .forEach(row -> seqs.add(row.getLong("seq")));
        return seqs;
    }

    private List<String> texts(Conversation conversation) {
        List<String> texts = new ArrayList<>();
        postgres.preparedQuery("select text from messages where conversation_id = $1 order by seq")
                .execute(Tuple.of(conversation.id()))
                .await()
                .atMost(WAIT)
                .forEach(row -> texts.add(row.getString("text")));
        return texts;
    }

    private long lastSeq(Conversation conversation) {
        return postgres.preparedQuery("select last_seq from conversations where id = $1")
                .execute(Tuple.of(conversation.id()))
                .await()
                .atMost(WAIT)
                .iterator()
                .next()
                .getLong("last_seq");
    }
}
