package io.chatcontinuity.session;

import io.chatcontinuity.app.AppSettings;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.TokenType;
import java.time.Duration;
import java.time.Instant;

/** How long a session's tokens live, and how long Redis keeps the session, live or ended: the app's rules. */
final class SessionLifetimes {

    private SessionLifetimes() {}

    /** The lifetime of a session's first token. */
    static Duration firstToken(AppSettings settings, LiveSession session) {
        return session.authenticated() ? settings.authenticatedTokenTtl() : settings.anonymousTokenTtl();
    }

    /**
     * The lifetime of a session's next token. Anonymous tokens slide: each new one lives the app's full anonymous
     * lifetime. An identified session keeps the expiry it got at login, so it ends on the app's schedule however
     * active it is.
     */
    static Duration nextToken(AppSettings settings, LiveSession session, ChatTokenClaims claims) {
        return session.authenticated()
                ? Duration.between(Instant.now(), claims.expiresAt())
                : settings.anonymousTokenTtl();
    }

    /** How long Redis keeps a live session: an empty one its idle time, any other as long as its tokens can live. */
    static Duration live(AppSettings settings, LiveSession session) {
        if (!session.hasMessages()) {
            return settings.emptySessionTtl();
        }
        return firstToken(settings, session);
    }

    /** An ended session stays cached as ended as long as any of its tokens could still be presented. */
    static Duration ended(AppSettings settings, TokenType type) {
        Duration tokenLifetime =
                type == TokenType.AUTHENTICATED ? settings.authenticatedTokenTtl() : settings.anonymousTokenTtl();
        return tokenLifetime.plusMinutes(5);
    }

    /** Whether an empty session that Postgres last saw at {@code lastSeen} is past its idle time and forgotten. */
    static boolean idleTooLong(AppSettings settings, Instant lastSeen, Instant now) {
        return lastSeen.plus(settings.emptySessionTtl()).isBefore(now);
    }
}
