package io.chatcontinuity.session;

import io.chatcontinuity.token.TokenType;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A session as Redis holds it: who it belongs to, whether it has ended, whether it ever sent a message, when
 * Postgres last heard of it, and the widget state its devices share.
 */
public record LiveSession(String id, String appId, String visitorId, TokenType type, String conversationId,
                          boolean ended, boolean hasMessages, Instant lastSeenInPostgres, WidgetState state) {

    static LiveSession fromHash(String id, Map<String, String> hash) {
        if (hash == null || hash.isEmpty() || !hash.containsKey("app")) {
            return null;
        }
        return new LiveSession(id, hash.get("app"), hash.get("visitor"),
                "authenticated".equals(hash.get("typ")) ? TokenType.AUTHENTICATED : TokenType.ANONYMOUS,
                hash.get("conv"), "1".equals(hash.get("ended")), "1".equals(hash.get("msgs")),
                Instant.ofEpochSecond(Long.parseLong(hash.getOrDefault("pgSeen", "0"))),
                WidgetState.fromHash(hash));
    }

    Map<String, String> toHash() {
        Map<String, String> hash = new HashMap<>(state.toHash());
        hash.put("app", appId);
        hash.put("visitor", visitorId);
        hash.put("typ", type.claim());
        hash.put("conv", conversationId);
        hash.put("ended", ended ? "1" : "0");
        hash.put("msgs", hasMessages ? "1" : "0");
        hash.put("pgSeen", Long.toString(lastSeenInPostgres.getEpochSecond()));
        return hash;
    }

    static LiveSession of(SessionEntity row) {
        return new LiveSession(row.id, row.appId, row.visitorId,
                row.authenticated ? TokenType.AUTHENTICATED : TokenType.ANONYMOUS, row.conversationId,
                row.endedAt != null, row.hasMessages, row.lastSeenAt, WidgetState.INITIAL);
    }

    public boolean authenticated() {
        return type == TokenType.AUTHENTICATED;
    }
}
