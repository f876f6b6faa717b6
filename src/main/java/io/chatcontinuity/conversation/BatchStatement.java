package io.chatcontinuity.conversation;

import io.chatcontinuity.conversation.MessageRepository.Post;
import io.chatcontinuity.session.LiveSession;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one batch insert of {@link MessageRepository}: its conversations (one row each, in id order, with
 * how many posts the batch has for it), its posts (in arrival order, each with its rank in its conversation) and the
 * sessions posting their first message. Posts are grouped by conversation and app together: two posts naming one
 * conversation under different apps make two rows for it, which Postgres refuses (a row may not be upserted twice),
 * so that the batch is retried post by post and the spoofed one alone fails.
 */
record BatchStatement(Tuple values, boolean sessions) {

    /** One conversation's share of the batch. */
    private static final class Group {
        final Conversation conversation;
        final Instant firstPostAt;
        int posts;

        Group(Conversation conversation, Instant firstPostAt) {
            this.conversation = conversation;
            this.firstPostAt = firstPostAt;
        }
    }

    static BatchStatement of(List<Post> batch) {
        int size = batch.size();
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, Post> firstOfSessions = new LinkedHashMap<>();
        long[] ranks = new long[size];
        Group[] groupOf = new Group[size];
        for (int i = 0; i < size; i++) {
            Post post = batch.get(i);
            Conversation conversation = post.conversation();
            Group group = groups.computeIfAbsent(
                    conversation.id() + '\n' + conversation.appId(),
                    key -> new Group(conversation, post.message().createdAt()));
            ranks[i] = ++group.posts;
            groupOf[i] = group;
            if (post.firstOfSession() != null) {
                firstOfSessions.putIfAbsent(post.firstOfSession().id(), post);
            }
        }

        List<Group> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.comparing((Group group) -> group.conversation.id())
                .thenComparing(group -> group.conversation.appId()));
        int count = ordered.size();
        String[] conversationIds = new String[count],
                conversationApps = new String[count],
                visitors = new String[count];
        Long[] taken = new Long[count];
        OffsetDateTime[] conversationCreatedAts = new OffsetDateTime[count];
        for (int i = 0; i < count; i++) {
            Group group = ordered.get(i);
            conversationIds[i] = group.conversation.id();
            conversationApps[i] = group.conversation.appId();
            visitors[i] = group.conversation.visitorId();
            taken[i] = (long) group.posts;
            conversationCreatedAts[i] = utc(group.firstPostAt);
        }

        String[] postConversations = new String[size],
                postApps = new String[size],
                ids = new String[size],
                clientMessageIds = new String[size],
                authors = new String[size],
                texts = new String[size];
        Long[] postTaken = new Long[size], postRanks = new Long[size];
        OffsetDateTime[] createdAts = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            Post post = batch.get(i);
            postConversations[i] = post.conversation().id();
            postApps[i] = post.conversation().appId();
            postTaken[i] = (long) groupOf[i].posts;
            postRanks[i] = ranks[i];
            ids[i] = post.message().id();
            clientMessageIds[i] = post.message().clientMessageId();
            authors[i] = post.message().author().json();
            texts[i] = post.message().text();
            createdAts[i] = utc(post.message().createdAt());
        }

        List<Object> values = new ArrayList<>(List.of(
                conversationIds,
                conversationApps,
                visitors,
                taken,
                conversationCreatedAts,
                postConversations,
                postApps,
                postTaken,
                postRanks,
                ids,
                clientMessageIds,
                authors,
                texts,
                createdAts));
        if (!firstOfSessions.isEmpty()) {
            values.addAll(sessionColumns(firstOfSessions));
        }
        return new BatchStatement(Tuple.from(values), !firstOfSessions.isEmpty());
    }

    /** One row per session, in id order: id, app, visitor, authenticated, conversation, created, its first post. */
    private static List<Object> sessionColumns(Map<String, Post> firstOfSessions) {
        List<Post> posts = new ArrayList<>(firstOfSessions.values());
        posts.sort(Comparator.comparing(post -> post.firstOfSession().id()));
        int count = posts.size();
        String[] ids = new String[count],
                apps = new String[count],
                visitors = new String[count],
                conversations = new String[count];
        Boolean[] authenticated = new Boolean[count];
        OffsetDateTime[] createdAts = new OffsetDateTime[count], lastSeenAts = new OffsetDateTime[count];
        for (int i = 0; i < count; i++) {
            Post post = posts.get(i);
            LiveSession session = post.firstOfSession();
            ids[i] = session.id();
            apps[i] = post.conversation().appId();
            visitors[i] = post.conversation().visitorId();
            authenticated[i] = session.authenticated();
            conversations[i] = post.conversation().id();
            createdAts[i] = utc(session.createdAt());
            lastSeenAts[i] = utc(post.message().createdAt());
        }
        return List.of(ids, apps, visitors, authenticated, conversations, createdAts, lastSeenAts);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
