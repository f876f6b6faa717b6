package io.chatcontinuity.conversation;

import io.chatcontinuity.common.Batcher;
import io.chatcontinuity.session.LiveSession;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages in Postgres. Posting is the service's busiest durable write, so it is not an ORM unit of work but one
 * auto-committed statement on the reactive client, and posts that arrive together share it: the {@link Batcher}
 * sends a post at once when Postgres is idle and groups the ones that arrive while it is busy, so a busy service
 * pays one round trip and one commit for many messages. Each post stays all or nothing: its conversation row is
 * created or its sequence advanced (which locks the row until commit) and its message inserted, in the same commit.
 */
@ApplicationScoped
public class MessageRepository {

    private static final String COLUMNS = "conversation_id, seq, id, client_message_id, author, text, created_at";

    /**
     * Conversations in $1..$5, one row per conversation of the batch, in id order (id, app, visitor, how many posts
     * the batch has for it, time of the first); posts in $6..$14 in arrival order (conversation, app, how many posts
     * its conversation has in the batch, its rank among them, message id, client message id, author, text, time).
     * Grouping and ranking happen before the statement, which keeps it short for Postgres to plan and run. A
     * conversation that belongs to another app or was merged away gets nothing, and neither does a client message id
     * already taken: those posts come back without a row. Conversation rows are locked in id order, so concurrent
     * batches cannot deadlock each other.
     */
    private static final String INSERT = """
            with conversation as (
                insert into conversations as c (id, app_id, visitor_id, last_seq, created_at)
                select * from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::bigint[], $5::timestamptz[])
                on conflict (id) do update set last_seq = c.last_seq + excluded.last_seq
                    where c.app_id = excluded.app_id and c.merged_into is null
                returning id, app_id, last_seq)%s
            insert into messages (%s)
            select p.conversation_id, c.last_seq - p.taken + p.rank, p.id, p.client_message_id, p.author, p.text,
                   p.created_at
            from unnest($6::varchar[], $7::varchar[], $8::bigint[], $9::bigint[], $10::varchar[], $11::varchar[],
                        $12::varchar[], $13::text[], $14::timestamptz[])
                     with ordinality as p(conversation_id, app_id, taken, rank, id, client_message_id, author, text,
                                          created_at, n)
                 join conversation c on c.id = p.conversation_id and c.app_id = p.app_id
            order by p.n
            on conflict (conversation_id, client_message_id) do nothing
            returning id, seq""";

    /**
     * What a batch with a session's first message adds, one row per session in $15..$21 (id, app, visitor,
     * authenticated, conversation, created, time of the post): the first message marks the session as having
     * messages, which keeps it for good, and an anonymous session, which lives in Redis alone until then, gets its
     * row here.
     */
    private static final String FIRST_OF_SESSION = """
            ,
            first_of_session as (
                insert into sessions as s (id, app_id, visitor_id, authenticated, conversation_id, has_messages,
                                           created_at, last_seen_at)
                select id, app_id, visitor_id, authenticated, conversation_id, true, created_at, last_seen_at
                from unnest($15::varchar[], $16::varchar[], $17::varchar[], $18::boolean[], $19::varchar[],
                            $20::timestamptz[], $21::timestamptz[])
                         as f(id, app_id, visitor_id, authenticated, conversation_id, created_at, last_seen_at)
                on conflict (id) do update set has_messages = true where not s.has_messages)""";

    private static final String INSERT_POSTS = INSERT.formatted("", COLUMNS);
    private static final String INSERT_POSTS_AND_SESSIONS = INSERT.formatted(FIRST_OF_SESSION, COLUMNS);

    /** Longer than any healthy statement waits for a conversation's row lock; beyond it the post answers 503. */
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);

    /** A post waiting for its batch. */
    record Post(Conversation conversation, Message message, LiveSession firstOfSession) {}

    private final Pool pool;
    private final Batcher<Post, StoredMessage> posts;
    /** How many posts each statement wrote: how much the batching saves under the current load. */
    private final DistributionSummary postsPerStatement;

    MessageRepository(Pool pool, ConversationsConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.postsPerStatement = DistributionSummary.builder("chat.messages.posts.per.statement")
                .description("Message posts written by one Postgres statement and commit")
                .register(metrics);
        this.posts = new Batcher<>(
                config.writeBatch().maxSize(),
                config.writeBatch().maxInFlight(),
                STATEMENT_TIMEOUT,
                MessageRepository::oneBadPostMayCause,
                this::insertAll);
    }

    /**
     * The stored message when this insert wrote it; null when nothing was written (see {@link #INSERT}).
     * {@code firstOfSession}, when not null, is the session posting to its own conversation for the first time.
     */
    public Uni<StoredMessage> insert(Conversation conversation, Message message, LiveSession firstOfSession) {
        return posts.submit(new Post(conversation, message, firstOfSession));
    }

    /**
     * Whether a failed statement may be one post's fault (bad data, a constraint, two posts of one batch claiming a
     * conversation under different apps) or bad luck between batches (a deadlock), so that its posts are worth
     * writing one by one. Outages and errors that would fail every statement are not.
     */
    private static boolean oneBadPostMayCause(Throwable failure) {
        if (!(failure instanceof PgException pg) || pg.getSqlState() == null) {
            return false;
        }
        String state = pg.getSqlState();
        return state.startsWith("22") || state.startsWith("23") || state.equals("21000") || state.startsWith("40");
    }

    private Uni<List<StoredMessage>> insertAll(List<Post> batch) {
        postsPerStatement.record(batch.size());
        BatchStatement statement = BatchStatement.of(batch);
        return pool.preparedQuery(statement.sessions() ? INSERT_POSTS_AND_SESSIONS : INSERT_POSTS)
                .execute(statement.values())
                .map(rows -> {
                    Map<String, Long> seqById = new HashMap<>(rows.size() * 2);
                    for (Row row : rows) {
                        seqById.put(row.getString("id"), row.getLong("seq"));
                    }
                    List<StoredMessage> stored = new ArrayList<>(batch.size());
                    for (Post post : batch) {
                        Long seq = seqById.get(post.message().id());
                        stored.add(
                                seq == null
                                        ? null
                                        : new StoredMessage(post.conversation().id(), seq, post.message()));
                    }
                    return stored;
                });
    }

    public Uni<StoredMessage> findByClientMessageId(String conversationId, String clientMessageId) {
        return pool.preparedQuery(
                        "select " + COLUMNS + " from messages where conversation_id = $1 and client_message_id = $2")
                .execute(Tuple.of(conversationId, clientMessageId))
                .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
    }

    /** Up to {@code limit} messages below {@code beforeSeq}, newest first. */
    public Uni<List<StoredMessage>> before(String conversationId, long beforeSeq, int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from messages where conversation_id = $1 and seq < $2 "
                        + "order by seq desc limit $3")
                .execute(Tuple.of(conversationId, beforeSeq, limit))
                .map(MessageRepository::all);
    }

    /** Up to {@code limit} messages above {@code afterSeq}, oldest first: what a stream missed. */
    public Uni<List<StoredMessage>> after(String conversationId, long afterSeq, int limit) {
        return pool.preparedQuery("select " + COLUMNS + " from messages where conversation_id = $1 and seq > $2 "
                        + "order by seq limit $3")
                .execute(Tuple.of(conversationId, afterSeq, limit))
                .map(MessageRepository::all);
    }

    /** The highest sequence number in the conversation so far, 0 before its first message. */
    public Uni<Long> lastSeq(String conversationId) {
        return pool.preparedQuery("select coalesce(max(seq), 0) as last from messages where conversation_id = $1")
                .execute(Tuple.of(conversationId))
                .map(rows -> rows.iterator().next().getLong("last"));
    }

    /**
     * Moves every message of {@code from} to the end of {@code into}, in their order, in one transaction, and marks
     * {@code from} merged so that nothing more is written to it. A client message id that {@code into} already uses
     * gets the old conversation's id appended, so both messages survive. Answers how many messages moved.
     */
    public Uni<Integer> merge(Conversation from, Conversation into, Instant now) {
        return pool.withTransaction(tx -> ensure(tx, into, now)
                .chain(() -> ensure(tx, from, now))
                .chain(() -> tx.preparedQuery(
                                "select id, last_seq from conversations where id = any($1) order by id for update")
                        .execute(Tuple.of(new String[] {from.id(), into.id()})))
                .chain(() -> tx.preparedQuery("""
                                update messages m set conversation_id = $2,
                                    seq = target.last_seq + moved.n,
                                    client_message_id = case when exists (select 1 from messages taken
                                            where taken.conversation_id = $2
                                              and taken.client_message_id = m.client_message_id)
                                        then left(m.client_message_id, 59) || '~' || $1 else m.client_message_id end
                                from (select id, row_number() over (order by seq) as n from messages
                                      where conversation_id = $1) moved,
                                     (select last_seq from conversations where id = $2) target
                                where m.id = moved.id""").execute(Tuple.of(from.id(), into.id())))
                .chain(moved -> tx.preparedQuery("update conversations set last_seq = last_seq + $2 where id = $1")
                        .execute(Tuple.of(into.id(), moved.rowCount()))
                        .chain(() -> tx.preparedQuery("update conversations set merged_into = $2 where id = $1")
                                .execute(Tuple.of(from.id(), into.id())))
                        .replaceWith(moved.rowCount())));
    }

    private static Uni<RowSet<Row>> ensure(SqlClient client, Conversation conversation, Instant now) {
        return client.preparedQuery(
                        "insert into conversations (id, app_id, visitor_id, created_at) values ($1, $2, $3, $4) "
                                + "on conflict (id) do nothing")
                .execute(Tuple.of(
                        conversation.id(),
                        conversation.appId(),
                        conversation.visitorId(),
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
        Message message = new Message(
                row.getString("id"),
                row.getString("client_message_id"),
                Author.of(row.getString("author")),
                row.getString("text"),
                row.getOffsetDateTime("created_at").toInstant());
        return new StoredMessage(row.getString("conversation_id"), row.getLong("seq"), message);
    }
}
