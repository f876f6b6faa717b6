package io.chatcontinuity.session;

import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.TokenType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who a session belongs to, as Redis holds it: its app, visitor, type and conversation, whether it has ended, whether
 * it ever sent a message, when it was created, and when Postgres last heard of it. {@code lastSeenInPostgres} is null
 * while Postgres holds no row for it: an anonymous session lives in Redis alone until its first message or its end.
 * The widget state its devices share is kept beside it and read on its own ({@link SessionStore#state}), as it
 * changes far more often than who the session belongs to.
 */
public record LiveSession(
        String id,
        String appId,
        String visitorId,
        TokenType type,
        String conversationId,
        boolean ended,
        boolean hasMessages,
        Instant createdAt,
        Instant lastSeenInPostgres) {

    private static final String SESSION_PREFIX = "ses_";
    private static final String CONVERSATION_PREFIX = "conv_";
    /** The hash fields that say who the session belongs to, as {@link #toHash} writes them. */
    static final List<String> FIELDS = List.of("app", "visitor", "typ", "conv", "ended", "msgs", "created", "pgSeen");

    /** A new anonymous session, held by Redis alone until it sends a message or ends. */
    static LiveSession newAnonymous(String appId, String visitorId, String sessionId, Instant now) {
        return new LiveSession(
                sessionId, appId, visitorId, TokenType.ANONYMOUS, conversationOf(sessionId), false, false, now, null);
    }

    /**
     * The anonymous session a verified token names, as it was before it sent a message: everything Redis held of it
     * follows from the token, except its creation time, for which the token's issue time stands in.
     */
    static LiveSession fromClaims(ChatTokenClaims claims) {
        if (claims.type() != TokenType.ANONYMOUS || !claims.sessionId().startsWith(SESSION_PREFIX)) {
            throw ProblemException.unauthorized("The session has ended.");
        }
        return new LiveSession(
                claims.sessionId(),
                claims.appId(),
                claims.visitorId(),
                TokenType.ANONYMOUS,
                conversationOf(claims.sessionId()),
                false,
                false,
                claims.issuedAt(),
                null);
    }

    /**
     * The conversation of an anonymous session: the session id's random part under the conversation prefix, so that a
     * session kept only in Redis can be rebuilt from its token alone. This tells nothing to anyone: ids are names, not
     * credentials (every read or write needs a signed chat token or an API key), the visitor is told both ids anyway,
     * and a brand that knows the conversation learns only the name of a session it cannot act as.
     */
    static String conversationOf(String sessionId) {
        return CONVERSATION_PREFIX + sessionId.substring(SESSION_PREFIX.length());
    }

    static LiveSession of(SessionEntity row) {
        return new LiveSession(
                row.id,
                row.appId,
                row.visitorId,
                row.authenticated ? TokenType.AUTHENTICATED : TokenType.ANONYMOUS,
                row.conversationId,
                row.endedAt != null,
                row.hasMessages,
                row.createdAt,
                row.lastSeenAt);
    }

    static LiveSession fromHash(String id, Map<String, String> hash) {
        if (hash == null || hash.isEmpty() || !hash.containsKey("app")) {
            return null;
        }
        String pgSeen = hash.get("pgSeen");
        Instant lastSeenInPostgres =
                pgSeen == null || pgSeen.isEmpty() ? null : Instant.ofEpochSecond(Long.parseLong(pgSeen));
        String created = hash.get("created");
        // Hashes written before creation times were kept belong to sessions that Postgres holds.
        Instant createdAt = created == null ? lastSeenInPostgres : Instant.ofEpochMilli(Long.parseLong(created));
        return new LiveSession(
                id,
                hash.get("app"),
                hash.get("visitor"),
                TokenType.AUTHENTICATED.claim().equals(hash.get("typ")) ? TokenType.AUTHENTICATED : TokenType.ANONYMOUS,
                hash.get("conv"),
                "1".equals(hash.get("ended")),
                "1".equals(hash.get("msgs")),
                createdAt,
                lastSeenInPostgres);
    }

    Map<String, String> toHash() {
        Map<String, String> hash = new HashMap<>();
        hash.put("app", appId);
        hash.put("visitor", visitorId);
        hash.put("typ", type.claim());
        hash.put("conv", conversationId);
        hash.put("ended", ended ? "1" : "0");
        hash.put("msgs", hasMessages ? "1" : "0");
        hash.put("created", Long.toString(createdAt.toEpochMilli()));
        hash.put("pgSeen", lastSeenInPostgres == null ? "" : Long.toString(lastSeenInPostgres.getEpochSecond()));
        return hash;
    }

    /** This session once its first message is in Postgres, which then holds its row. */
    LiveSession withFirstMessage(Instant at) {
        return new LiveSession(
                id,
                appId,
                visitorId,
                type,
                conversationId,
                ended,
                true,
                createdAt,
                lastSeenInPostgres == null ? at : lastSeenInPostgres);
    }

    LiveSession asEnded() {
        return new LiveSession(
                id, appId, visitorId, type, conversationId, true, hasMessages, createdAt, lastSeenInPostgres);
    }

    /** Whether Postgres holds a row for this session. */
    boolean inPostgres() {
        return lastSeenInPostgres != null;
    }

    public boolean authenticated() {
        return type == TokenType.AUTHENTICATED;
    }
}
