package io.chatcontinuity.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A user's data across the tables of every feature, read for an export and deleted for an erasure. Both work on
 * the user's visitor ids: the identified one and those of the anonymous visitors whose conversations were merged
 * into the user's.
 */
@ApplicationScoped
public class UserDataRepository {

    /** Who the user is in storage: null when the app has no such user. */
    public record Subject(
            String appId,
            String userId,
            String visitorId,
            String conversationId,
            Instant createdAt,
            List<String> mergedConversations,
            List<String> visitorIds) {}

    private final Pool pool;
    private final ObjectMapper json;

    UserDataRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<Subject> subject(String appId, String userId) {
        return pool.preparedQuery("select visitor_id, conversation_id, created_at from end_users"
                        + " where app_id = $1 and user_id = $2")
                .execute(Tuple.of(appId, userId))
                .chain(users -> {
                    if (users.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row user = users.iterator().next();
                    String conversationId = user.getString("conversation_id");
                    return pool.preparedQuery(
                                    "select id, visitor_id from conversations where app_id = $1 and merged_into = $2")
                            .execute(Tuple.of(appId, conversationId))
                            .map(merged -> {
                                List<String> conversations = new ArrayList<>();
                                List<String> visitors = new ArrayList<>(List.of(user.getString("visitor_id")));
                                for (Row row : merged) {
                                    conversations.add(row.getString("id"));
                                    visitors.add(row.getString("visitor_id"));
                                }
                                return new Subject(
                                        appId,
                                        userId,
                                        user.getString("visitor_id"),
                                        conversationId,
                                        instant(user, "created_at"),
                                        conversations,
                                        visitors);
                            });
                });
    }

    public Uni<List<UserData.Session>> sessions(Subject subject) {
        return list(
                pool,
                "select id, visitor_id, authenticated, created_at, last_seen_at, ended_at, end_reason "
                        + "from sessions where app_id = $1 and visitor_id = any($2) order by created_at",
                subject,
                row -> new UserData.Session(
                        row.getString("id"),
                        row.getString("visitor_id"),
                        row.getBoolean("authenticated"),
                        instant(row, "created_at"),
                        instant(row, "last_seen_at"),
                        instant(row, "ended_at"),
                        row.getString("end_reason")));
    }

    public Uni<List<UserData.Message>> messages(Subject subject) {
        return pool.preparedQuery("select id, client_message_id, author, text, created_at from messages "
                        + "where conversation_id = $1 order by seq")
                .execute(Tuple.of(subject.conversationId()))
                .map(rows -> all(
                        rows,
                        row -> new UserData.Message(
                                row.getString("id"),
                                row.getString("client_message_id"),
                                row.getString("author"),
                                row.getString("text"),
                                instant(row, "created_at"))));
    }

    public Uni<List<UserData.ConsentRecord>> consentRecords(Subject subject) {
        return list(
                pool,
                "select id, session_id, mode, raw_input, gdpr_applies, outcome, basis, reasons, decided_at "
                        + "from consent_records where app_id = $1 and visitor_id = any($2) order by id",
                subject,
                row -> new UserData.ConsentRecord(
                        row.getLong("id"),
                        row.getString("session_id"),
                        row.getString("mode"),
                        row.getString("raw_input"),
                        row.getBoolean("gdpr_applies"),
                        row.getString("outcome"),
                        row.getString("basis"),
                        Arrays.asList(row.getArrayOfStrings("reasons")),
                        instant(row, "decided_at")));
    }

    public Uni<List<UserData.AnalyticsEvent>> analyticsEvents(Subject subject) {
        return list(
                pool,
                "select id, session_id, type, at, props::text as props, received_at from analytics_events "
                        + "where app_id = $1 and visitor_id = any($2) order by id",
                subject,
                row -> new UserData.AnalyticsEvent(
                        row.getLong("id"),
                        row.getString("session_id"),
                        row.getString("type"),
                        instant(row, "at"),
                        props(row.getString("props")),
                        instant(row, "received_at")));
    }

    public Uni<List<Instant>> continuityTokensCreatedAt(Subject subject) {
        return pool.preparedQuery("select created_at from continuity_tokens"
                        + " where app_id = $1 and user_id = $2 order by created_at")
                .execute(Tuple.of(subject.appId(), subject.userId()))
                .map(rows -> all(rows, row -> instant(row, "created_at")));
    }

    /**
     * Deletes everything of the user in one transaction: its messages and conversations (with the merged ones),
     * consent records, analytics events, continuity tokens and the user itself. Its sessions are kept only as ended
     * rows that name nobody (no visitor, no conversation, no times but the erasure's): Postgres is the truth for
     * revocation, and an anonymous session without a row would be rebuilt from its token after a Redis loss. Answers
     * the ids of those sessions, whose Redis state is to go as well.
     */
    public Uni<List<String>> erase(Subject subject) {
        String[] visitors = subject.visitorIds().toArray(String[]::new);
        List<String> conversations = new ArrayList<>(subject.mergedConversations());
        conversations.add(subject.conversationId());
        String[] conversationIds = conversations.toArray(String[]::new);
        Tuple byVisitors = Tuple.of(subject.appId(), visitors);
        return pool.withTransaction(tx -> tx.preparedQuery("delete from messages where conversation_id = any($1)")
                .execute(Tuple.of((Object) conversationIds))
                .chain(() -> tx.preparedQuery("delete from conversations where app_id = $1 and id = any($2)")
                        .execute(Tuple.of(subject.appId(), conversationIds)))
                .chain(() -> tx.preparedQuery("delete from consent_records where app_id = $1 and visitor_id = any($2)")
                        .execute(byVisitors))
                .chain(() -> tx.preparedQuery("delete from analytics_events where app_id = $1 and visitor_id = any($2)")
                        .execute(byVisitors))
                .chain(() -> tx.preparedQuery("delete from end_users where app_id = $1 and user_id = $2")
                        .execute(Tuple.of(subject.appId(), subject.userId())))
                .chain(() -> tx.preparedQuery("""
                                update sessions set visitor_id = 'erased', conversation_id = 'erased',
                                    has_messages = false, created_at = now(), last_seen_at = now(), ended_at = now(),
                                    end_reason = 'erased'
                                where app_id = $1 and visitor_id = any($2) returning id""").execute(byVisitors))
                .map(sessions -> all(sessions, row -> row.getString("id"))));
    }

    private <T> Uni<List<T>> list(SqlClient client, String sql, Subject subject, Function<Row, T> mapper) {
        return client.preparedQuery(sql)
                .execute(Tuple.of(subject.appId(), subject.visitorIds().toArray(String[]::new)))
                .map(rows -> all(rows, mapper));
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> items = new ArrayList<>(rows.size());
        for (Row row : rows) {
            items.add(mapper.apply(row));
        }
        return items;
    }

    private JsonNode props(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("analytics_events.props holds invalid JSON", e);
        }
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
