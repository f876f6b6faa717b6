package io.chatcontinuity.conversation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.conversation.MessageRepository.Post;
import io.chatcontinuity.session.LiveSession;
import io.chatcontinuity.token.TokenType;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchStatementTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void conversationsComeOnceEachInIdOrderWithHowManyPostsTheBatchHasForThem() {
        Tuple values = BatchStatement.of(
                        List.of(post("conv_b", "app_1", 0), post("conv_a", "app_1", 1), post("conv_b", "app_1", 2)))
                .values();
        assertArrayEquals(new String[] {"conv_a", "conv_b"}, (String[]) values.getValue(0));
        assertArrayEquals(new Long[] {1L, 2L}, (Long[]) values.getValue(3));
        assertArrayEquals(
                new OffsetDateTime[] {at(1), at(0)},
                (OffsetDateTime[]) values.getValue(4),
                "a new conversation is as old as its first post");
    }

    @Test
    void postsKeepTheirArrivalOrderAndAreRankedWithinTheirConversation() {
        Tuple values = BatchStatement.of(
                        List.of(post("conv_b", "app_1", 0), post("conv_a", "app_1", 1), post("conv_b", "app_1", 2)))
                .values();
        assertArrayEquals(new String[] {"conv_b", "conv_a", "conv_b"}, (String[]) values.getValue(5));
        assertArrayEquals(new Long[] {2L, 1L, 2L}, (Long[]) values.getValue(7), "posts of the post's conversation");
        assertArrayEquals(new Long[] {1L, 1L, 2L}, (Long[]) values.getValue(8), "rank within the conversation");
        assertArrayEquals(new String[] {"msg_0", "msg_1", "msg_2"}, (String[]) values.getValue(9));
    }

    @Test
    void oneConversationIdUnderTwoAppsMakesTwoRowsSoThatPostgresRefusesTheBatch() {
        Tuple values = BatchStatement.of(List.of(post("conv_a", "app_1", 0), post("conv_a", "app_2", 1)))
                .values();
        assertArrayEquals(new String[] {"conv_a", "conv_a"}, (String[]) values.getValue(0));
        assertArrayEquals(new String[] {"app_1", "app_2"}, (String[]) values.getValue(1));
    }

    @Test
    void aBatchWithoutFirstMessagesOfSessionsLeavesSessionsAlone() {
        BatchStatement statement = BatchStatement.of(List.of(post("conv_a", "app_1", 0)));
        assertFalse(statement.sessions());
        assertEquals(14, statement.values().size());
    }

    @Test
    void eachSessionPostingItsFirstMessageGetsOneRowFromItsFirstPost() {
        LiveSession second = session("ses_2", "conv_b"), first = session("ses_1", "conv_a");
        BatchStatement statement = BatchStatement.of(List.of(
                new Post(conversation("conv_b", "app_1"), message(0), second),
                new Post(conversation("conv_b", "app_1"), message(1), second),
                new Post(conversation("conv_a", "app_1"), message(2), first)));
        assertTrue(statement.sessions());
        Tuple values = statement.values();
        assertArrayEquals(new String[] {"ses_1", "ses_2"}, (String[]) values.getValue(14));
        assertArrayEquals(new String[] {"conv_a", "conv_b"}, (String[]) values.getValue(18));
        assertArrayEquals(
                new OffsetDateTime[] {at(2), at(0)},
                (OffsetDateTime[]) values.getValue(20),
                "seen at its first post of the batch");
    }

    private static Post post(String conversationId, String appId, int n) {
        return new Post(conversation(conversationId, appId), message(n), null);
    }

    private static Conversation conversation(String id, String appId) {
        return new Conversation(id, appId, "visitor_" + id);
    }

    private static Message message(int n) {
        return new Message("msg_" + n, "client-" + n, Author.VISITOR, "text " + n, T0.plusSeconds(n));
    }

    private static LiveSession session(String id, String conversationId) {
        return new LiveSession(
                id,
                "app_1",
                "visitor_" + conversationId,
                TokenType.ANONYMOUS,
                conversationId,
                false,
                false,
                T0.minusSeconds(60),
                null);
    }

    private static OffsetDateTime at(int n) {
        return T0.plusSeconds(n).atOffset(ZoneOffset.UTC);
    }
}
