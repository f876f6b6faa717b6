package io.chatcontinuity.conversation;

import io.chatcontinuity.session.LiveSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages in Postgres. Posting is the service's busiest durable write, so it is one auto-committed statement on the
 * reactive client, not an ORM unit of work: the conversation row is created or its sequence advanced (which locks it
 * until commit) and the message inserted, all or nothing, in a single round trip.
 */
@ApplicationScoped
public class MessageRepository {

    private static final String COLUMNS = "conversation_id, seq, id, client_message_id, author, text, created_at";

    /**
     * $1 conversation, $2 app, $3 visitor, $4 time, $5 message id, $6 client message id, $7 author, $8 text. Writes
     * nothing when the conversation belongs to another app or was merged away, or the client message id is taken.
     */
    private static final String INSERT = """
            with conversation as (
                insert into conversations as c (id, app_id, visitor_id, last_seq, created_at)
                values ($1, $2, $3, 1, $4)
                on conflict (id) do update set last_seq = c.last_seq + 1
                    where c.app_id = excluded.app_id and c.merged_into is null
                returning last_seq)
            insert into messages (%s)
            select $1, last_seq, $5, $6, $7, $8, $4 from conversation
            on conflict (conversation_id, client_message_id) do nothing
            returning seq""".formatted(COLUMNS);

    /**
     * As {@link #INSERT}, and marks the session whose first message this is as having messages, which keeps it for
     * good: $9 its id, $10 whether it is authenticated, $11 its creation time. An anonymous session lives in Redis
     * alone until then, so its row is written here, in the same statement as the message.
     */
    private static final String INSERT_FIRST_OF_SESSION = INSERT.replace("with conversation as (", """
            with first_of_session as (
                insert into sessions as s (id, app_id, visitor_id, authenticated, conversation_id, has_messages,
                                           created_at, last_seen_at)
                values ($9, $2, $3, $10, $1, true, $11, $4)
                on conflict (id) do update set has_messages = true where not s.has_messages),
            conversation as (""");

    private final Pool pool;

    MessageRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The stored message when this insert wrote it; null when nothing was written (see {@link #INSERT}).
     * {@code firstOfSession}, when not null, is the session posting to its own conversation for the first time.
     */
    public Uni<StoredMessage> insert(Conversation conversation, Message message, LiveSession firstOfSession) {
        Tuple values = Tuple.tuple(List.of(conversation.id(), conversation.appId(), conversation.visitorId(),
                message.createdAt().atOffset(ZoneOffset.UTC), message.id(), message.clientMessageId(),
                message.author().json(), message.text()));
        String sql = INSERT;
        if (firstOfSession != null) {
            values.addString(firstOfSession.id()).addBoolean(firstOfSession.authenticated())
                    .addOffsetDateTime(firstOfSession.createdAt().atOffset(ZoneOffset.UTC));
            sql = INSERT_FIRST_OF_SESSION;
        }
        return pool.preparedQuery(sql).execute(values).map(rows -> rows.size() == 0 ? null
                : new StoredMessage(conversation.id(), rows.iterator().next().getLong("seq"), message));
    }

    public Uni<StoredMessage> findByClientMessageId(String conversationId, String clientMessageId) {
        return pool.preparedQuery("select " + COLUMNS + " from messages where conversation_id = $1 and client_message_id = $2")
                .execute(Tuple.of(conversationId, clientMessageId))
                .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
    }

    /** Up to {@code limit} messages below {@code beforeSeq}, newest first. */
    public Uni<List<StoredMessage>> before(String conversationId, long beforeSeq, int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from messages where conversation_id = $1 and seq < $2 "
                        + "order by seq desc limit $3")
                .execute(Tuple.of(conversationId, beforeSeq, limit)).map(MessageRepository::all);
    }

    /** Up to {@code limit} messages above {@code afterSeq}, oldest first: what a stream missed. */
    public Uni<List<StoredMessage>> after(String conversationId, long afterSeq, int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from messages where conversation_id = $1 and seq > $2 "
                        + "order by seq limit $3")
                .execute(Tuple.of(conversationId, afterSeq, limit)).map(MessageRepository::all);
    }

    /** The highest sequence number in the conversation so far, 0 before its first message. */
    public Uni<Long> lastSeq(String conversationId) {
        return pool.preparedQuery("select coalesce(max(seq), 0) as last from messages where conversation_id = $1")
                .execute(Tuple.of(conversationId)).map(rows -> rows.iterator().next().getLong("last"));
    }

    /**
     * Moves every message of {@code from} to the end of {@code into}, in their order, in one transaction, and marks
     * {@code from} merged so that nothing more is written to it. A client message id that {@code into} already uses
     * gets the old conversation's id appended, so both messages survive. Answers how many messages moved.
     */
    public Uni<Integer> merge(Conversation from, Conversation into, Instant now) {
        return pool.withTransaction(tx -> ensure(tx, into, now).chain(() -> ensure(tx, from, now))
                .chain(() -> tx.preparedQuery("select id, last_seq from conversations where id = any($1) order by id for update")
                        .execute(Tuple.of(new String[] {from.id(), into.id()})))
                .chain(() -> tx.preparedQuery("""
                                update messages m set conversation_id = $2,
                                    seq = target.last_seq + moved.n,
                                    client_message_id = case when exists (select 1 from messages taken
                                            where taken.conversation_id = $2 and taken.client_message_id = m.client_message_id)
                                        then left(m.client_message_id, 59) || '~' || $1 else m.client_message_id end
                                from (select id, row_number() over (order by seq) as n from messages
                                      where conversation_id = $1) moved,
                                     (select last_seq from conversations where id = $2) target
                                where m.id = moved.id""")
                        .execute(Tuple.of(from.id(), into.id())))
                .chain(moved -> tx.preparedQuery("update conversations set last_seq = last_seq + $2 where id = $1")
                        .execute(Tuple.of(into.id(), moved.rowCount()))
                        .chain(() -> tx.preparedQuery("update conversations set merged_into = $2 where id = $1")
                                .execute(Tuple.of(from.id(), into.id())))
                        .replaceWith(moved.rowCount())));
    }

    private static Uni<RowSet<Row>> ensure(SqlClient client, Conversation conversation, Instant now) {
        return client.preparedQuery("insert into conversations (id, app_id, visitor_id, created_at) values ($1, $2, $3, $4) "
                        + "on conflict (id) do nothing")
                .execute(Tuple.of(conversation.id(), conversation.appId(), conversation.visitorId(),
                        now.atOffset(ZoneOffset.UTC)));
    }

    private static List<StoredMessage> all(RowSet<Row> rows) {
        List<StoredMessage> messages = new ArrayList<>(rows.size());
        for (Row row : rows) {
            messages.add(stored(row));
        }
        return messages;
    }

    private static StoredMessage stored(Row row) {
        Message message = new Message(row.getString("id"), row.getString("client_message_id"),
                Author.of(row.getString("author")), row.getString("text"),
                row.getOffsetDateTime("created_at").toInstant());
        return new StoredMessage(row.getString("conversation_id"), row.getLong("seq"), message);
    }
}
