package io.chatcontinuity.conversation;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class ConversationRepository {

    /** A conversation as stored, with where it went if it was merged into a user's. */
    public record StoredConversation(Conversation conversation, String mergedInto) {}

    private final Pool pool;

    ConversationRepository(Pool pool) {
        this.pool = pool;
    }

    /** The conversation, or null when it has no row (no message was ever written to it). */
    public Uni<StoredConversation> find(String conversationId) {
        return pool.preparedQuery("select id, app_id, visitor_id, merged_into from conversations where id = $1")
                .execute(Tuple.of(conversationId))
                .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
    }

    /**
     * Each conversation's last sequence number, in the order asked, 0 for one without a row: one indexed read for
     * many event streams opening at once. A message whose insert has not committed is not counted, and is announced
     * after its commit.
     */
    public Uni<List<Long>> lastSeqs(List<String> conversationIds) {
        return pool.preparedQuery("select id, last_seq from conversations where id = any($1)")
                .execute(Tuple.of((Object) conversationIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Long> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getString("id"), row.getLong("last_seq")));
                    return conversationIds.stream()
                            .map(id -> found.getOrDefault(id, 0L))
                            .toList();
                });
    }

    private static StoredConversation stored(Row row) {
        return new StoredConversation(
                new Conversation(row.getString("id"), row.getString("app_id"), row.getString("visitor_id")),
                row.getString("merged_into"));
    }
}
