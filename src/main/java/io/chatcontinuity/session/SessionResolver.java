package io.chatcontinuity.session;

import io.chatcontinuity.app.App;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.problem.StoreFailures;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.TokenConfig;
import io.chatcontinuity.token.TokenType;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The live session a verified chat token names: this instance's few seconds' copy ({@link NearSessions}), else
 * Redis, else rebuilt. Postgres is the truth for whether a session has ended and for every session that has something
 * to keep; Redis holds the live copy requests read.
 *
 * <p>An anonymous session that never sent a message has nothing that must outlive Redis, so it lives in Redis alone:
 * its first message or its end writes its row. When Redis does not hold a session: a row in Postgres rebuilds it (an
 * ended one stays ended, an empty one idle past the app's {@code emptySessionTtl} is forgotten); no row means a
 * Redis-only anonymous session, which Redis either forgot after its idle time (refused) or lost in a flush or restart
 * (rebuilt from the token, which holds all of it). The epoch marker tells the two apart ({@link #redisOnly}).
 */
@ApplicationScoped
public class SessionResolver {

    private final SessionRepository sessions;
    private final SessionStore store;
    private final NearSessions near;
    private final SessionKeepAlive keepAlive;
    private final Duration clockSkew;

    SessionResolver(
            SessionRepository sessions,
            SessionStore store,
            NearSessions near,
            SessionKeepAlive keepAlive,
            TokenConfig tokens) {
        this.sessions = sessions;
        this.store = store;
        this.near = near;
        this.keepAlive = keepAlive;
        this.clockSkew = tokens.clockSkew();
    }

    /** The live session a verified token names: this instance's copy, else Redis, else rebuilt (see the class). */
    public Uni<LiveSession> live(ChatTokenClaims claims, App app) {
        LiveSession copy = near.get(claims.sessionId());
        if (copy != null) {
            return Uni.createFrom().item(() -> checked(copy, claims, app));
        }
        long generation = near.generation();
        return store.find(claims.sessionId())
                .chain(cached -> cached != null ? Uni.createFrom().item(cached) : recover(claims, app, true))
                .invoke(session -> near.keep(generation, session))
                .map(session -> checked(session, claims, app));
    }

    /**
     * As {@link #live}, but when Redis is down the session is read from Postgres, the truth for revocation, so that
     * conversations keep working through a Redis outage.
     */
    public Uni<LiveSession> liveEvenWithoutRedis(ChatTokenClaims claims, App app) {
        LiveSession copy = near.get(claims.sessionId());
        if (copy != null) {
            return Uni.createFrom().item(() -> checked(copy, claims, app));
        }
        long generation = near.generation();
        return store.find(claims.sessionId())
                .chain(cached -> (cached != null ? Uni.createFrom().item(cached) : recover(claims, app, true))
                        .invoke(session -> near.keep(generation, session)))
                .onFailure(StoreFailures::isOutage)
                .recoverWithUni(failure -> {
                    Log.debugf("Redis is unavailable; reading session %s from Postgres", claims.sessionId());
                    return recover(claims, app, false);
                })
                .map(session -> checked(session, claims, app));
    }

    private LiveSession checked(LiveSession session, ChatTokenClaims claims, App app) {
        if (session.ended()) {
            throw ProblemException.unauthorized("The session has ended.");
        }
        if (!session.appId().equals(claims.appId()) || !session.visitorId().equals(claims.visitorId())) {
            throw ProblemException.unauthorized("The chat token does not match its session.");
        }
        keepAlive.touch(app.settings(), session);
        return session;
    }

    /** Redis does not hold the session: Postgres decides, or, without a row, {@link #redisOnly}. */
    private Uni<LiveSession> recover(ChatTokenClaims claims, App app, boolean redisUp) {
        return sessions.load(claims.sessionId()).chain(row -> {
            if (row == null) {
                return redisOnly(claims, app, redisUp);
            }
            LiveSession session = LiveSession.of(row);
            if (!session.ended()
                    && !row.hasMessages
                    && SessionLifetimes.idleTooLong(app.settings(), row.lastSeenAt, Instant.now())) {
                return Uni.createFrom()
                        .failure(ProblemException.unauthorized("The session was idle and is forgotten."));
            }
            Duration ttl = session.ended()
                    ? SessionLifetimes.ended(app.settings(), session.type())
                    : SessionLifetimes.live(app.settings(), session);
            if (!redisUp) {
                return Uni.createFrom().item(session);
            }
            Log.debugf("Rebuilt session %s from Postgres (ended: %s)", session.id(), session.ended());
            return store.save(session, ttl).replaceWith(session);
        });
    }

    /**
     * A session with no row in Postgres: an identified one was erased (identified sessions are written before their
     * first token), an anonymous one lived in Redis alone. Redis then either forgot it after its idle time, or lost
     * it. The epoch marker, which Redis keeps without expiry and which is set again whenever it is missing, tells
     * which: a marker younger than the token means Redis has lost its data since the token was issued, so the
     * session is rebuilt from the token (every field of it follows from the token); an older marker means the
     * session was forgotten. Ties and clock differences between instances (up to the tokens' clock skew) count as a
     * loss: rebuilding an empty session a little too readily costs nothing, refusing a valid token would.
     *
     * <p>This holds only while Redis does not drop keys on its own accord: run it with {@code maxmemory-policy}
     * {@code noeviction} (or a {@code volatile-*} policy, which never takes the marker, as it has no expiry, but may
     * take a live session early, which is then refused as forgotten). While Redis is down nothing can tell, and the
     * token is honoured: ended sessions always have their row, so revocation does not depend on Redis.
     */
    private Uni<LiveSession> redisOnly(ChatTokenClaims claims, App app, boolean redisUp) {
        if (claims.type() != TokenType.ANONYMOUS) {
            return Uni.createFrom().failure(ProblemException.unauthorized("The session has ended."));
        }
        LiveSession session = LiveSession.fromClaims(claims);
        if (!redisUp) {
            return Uni.createFrom().item(session);
        }
        return store.epoch().chain(epoch -> {
            if (epoch.plus(clockSkew).isBefore(claims.issuedAt())) {
                return Uni.createFrom()
                        .failure(ProblemException.unauthorized("The session was idle and is forgotten."));
            }
            Log.debugf("Rebuilt session %s from its token: Redis lost it (epoch %s)", session.id(), epoch);
            return store.save(session, SessionLifetimes.live(app.settings(), session))
                    .replaceWith(session);
        });
    }
}
