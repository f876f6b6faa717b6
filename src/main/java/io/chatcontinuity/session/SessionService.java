package io.chatcontinuity.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatcontinuity.app.App;
import io.chatcontinuity.app.AppSettings;
import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.common.RateLimiter;
import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.StoreFailures;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.ChatTokenIssuer;
import io.chatcontinuity.token.IssuedToken;
import io.chatcontinuity.token.TokenConfig;
import io.chatcontinuity.token.TokenType;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Sessions: started, resumed, refreshed, ended. Postgres is the truth for whether a session has ended and for every
 * session that has something to keep; Redis holds the live copy requests read, and this instance a few seconds' copy
 * of who each session belongs to ({@link NearSessions}).
 *
 * <p>An anonymous session that never sent a message has nothing that must outlive Redis, so it lives in Redis alone:
 * its first message or its end writes its row. When Redis does not hold a session: a row in Postgres rebuilds it (an
 * ended one stays ended, an empty one idle past the app's {@code emptySessionTtl} is forgotten); no row means a
 * Redis-only anonymous session, which Redis either forgot after its idle time (refused) or lost in a flush or restart
 * (rebuilt from the token, which holds all of it). The epoch marker tells the two apart ({@link #redisOnly}).
 */
@ApplicationScoped
public class SessionService {

    /** The hot path restarts a session's Redis timer at most this often per instance, not on every request. */
    private static final Duration KEEP_ALIVE_EVERY = Duration.ofSeconds(30);

    private final SessionRepository sessions;
    private final SessionStore store;
    private final NearSessions near;
    private final ChatTokenIssuer issuer;
    private final SessionEndings endings;
    private final Duration clockSkew;
    private final Cache<String, Long> lastKeptAlive = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(KEEP_ALIVE_EVERY)
            .build();

    SessionService(
            SessionRepository sessions,
            SessionStore store,
            NearSessions near,
            ChatTokenIssuer issuer,
            SessionEndings endings,
            TokenConfig tokens) {
        this.sessions = sessions;
        this.store = store;
        this.near = near;
        this.issuer = issuer;
        this.endings = endings;
        this.clockSkew = tokens.clockSkew();
    }

    /**
     * A new anonymous visitor with a new session, held by Redis alone. Counting it against the caller's creation
     * limit and saving it is one Redis round trip; over the limit answers {@code /problems/rate-limited}.
     */
    public Uni<SessionGrant> startAnonymous(App app, String rateBucket, int limit, Duration window) {
        LiveSession session =
                LiveSession.newAnonymous(app.id(), Secrets.randomId("vis"), Secrets.randomId("ses"), now());
        return store.createWithinLimit(
                        session, liveTtl(app.settings(), session), RateLimiter.key(rateBucket), limit, window)
                .map(refusedFor -> {
                    if (refusedFor != null) {
                        throw ProblemException.rateLimited(
                                refusedFor.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : refusedFor);
                    }
                    return summary(session, issue(app, session, firstLifetime(app.settings(), session)), false);
                });
    }

    /** A new session of an identified user, on the user's one visitor id and conversation. */
    public Uni<SessionEntity> startAuthenticated(String appId, String visitorId, String conversationId) {
        Instant now = now();
        SessionEntity row = new SessionEntity();
        row.id = Secrets.randomId("ses");
        row.appId = appId;
        row.visitorId = visitorId;
        row.authenticated = true;
        row.conversationId = conversationId;
        row.createdAt = now;
        row.lastSeenAt = now;
        return sessions.persist(row);
    }

    /** Caches an identified session just written to Postgres, and answers it with a token. */
    public Uni<SessionGrant> grantNew(App app, SessionEntity row, boolean merged) {
        LiveSession session = LiveSession.of(row);
        IssuedToken token = issue(app, session, firstLifetime(app.settings(), session));
        return store.save(session, liveTtl(app.settings(), session)).replaceWith(summary(session, token, merged));
    }

    /** The same session with a fresh token: the page-load path of a returning visitor. */
    public Uni<SessionGrant> resume(App app, ChatTokenClaims claims) {
        return live(claims, app)
                .map(session ->
                        summary(session, issue(app, session, nextLifetime(app.settings(), session, claims)), false));
    }

    /** A new token for the same session (see {@link #nextLifetime}). */
    public Uni<IssuedToken> refresh(CurrentSession current) {
        LiveSession session = current.session();
        AppSettings settings = current.app().settings();
        IssuedToken token = issue(current.app(), session, nextLifetime(settings, session, current.claims()));
        return store.expire(session.id(), liveTtl(settings, session)).replaceWith(token);
    }

    /**
     * Ends the session for every token of it, on every instance: Redis first, so that no instance reading it honours
     * the session from then on; then Postgres, which keeps it ended through any loss of Redis (the whole row is
     * written if the session lived in Redis alone); then, whatever happened before, every instance is told to drop its
     * copy and open event streams of the session are told. The caller answers only after all of that, which is what
     * makes the end take effect "at once" everywhere (see {@link NearSessions}). The conversation stays.
     */
    public Uni<Void> end(LiveSession session, AppSettings settings, String reason) {
        return end(session, new SessionEnded(session.id(), null, null), settings, reason);
    }

    /**
     * Ends the anonymous session of a browser that just logged in; its streams follow the identified session.
     * {@code known} is that session as this request found it, or null (already ended, or forgotten): the token alone
     * then tells what to write, so that no Redis loss can bring it back.
     */
    public Uni<Void> endForLogin(
            ChatTokenClaims anonymous, LiveSession known, AppSettings settings, SessionEntity identified) {
        LiveSession session = known != null ? known : LiveSession.fromClaims(anonymous);
        return end(
                session, new SessionEnded(session.id(), identified.id, identified.conversationId), settings, "login");
    }

    private Uni<Void> end(LiveSession session, SessionEnded ended, AppSettings settings, String reason) {
        return store.save(session.asEnded(), endedTtl(settings, session.type()))
                .chain(() -> sessions.end(session, reason, now()))
                .replaceWithVoid()
                .eventually(() -> endings.announce(ended));
    }

    /** Whether the session is known to have ended; an unknown answer (Redis lost it, or is down) is false. */
    public Uni<Boolean> knownEnded(String sessionId) {
        return store.ended(sessionId).onFailure().recoverWithItem(false);
    }

    /**
     * Remembers that the session has sent a message, which Postgres already keeps (the message's insert wrote or
     * marked its row): from now on it lives as long as its tokens rather than its empty-session idle time. Best
     * effort, as a failure only shortens its life in Redis, which Postgres then restores.
     */
    public Uni<Void> keepForGood(LiveSession session, AppSettings settings) {
        LiveSession kept = session.withFirstMessage(now());
        near.drop(session.id());
        return store.save(kept, liveTtl(settings, kept)).onFailure().recoverWithNull();
    }

    /** Ends every open session of a visitor (an identified user's, on all devices), each as {@link #end} does. */
    public Uni<Integer> endAllOfVisitor(App app, String visitorId, String reason) {
        return sessions.findActiveOfVisitor(app.id(), visitorId).chain(open -> {
            if (open.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Uni<Void>> ends = open.stream()
                    .map(row -> end(LiveSession.of(row), app.settings(), reason))
                    .toList();
            return Uni.join().all(ends).andFailFast().replaceWith(open.size());
        });
    }

    /**
     * Removes erased sessions from Redis. Postgres keeps each of them only as an ended row that names nobody, so a
     * token of one of them is refused as a session that has ended, whatever Redis loses.
     */
    public Uni<Void> forget(List<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        sessionIds.forEach(near::drop);
        return Uni.join()
                .all(sessionIds.stream().map(store::delete).toList())
                .usingConcurrencyOf(8)
                .andFailFast()
                .replaceWithVoid();
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
        keepAlive(app.settings(), session);
        return session;
    }

    /** Redis does not hold the session: Postgres decides, or, without a row, {@link #redisOnly}. */
    private Uni<LiveSession> recover(ChatTokenClaims claims, App app, boolean redisUp) {
        return sessions.load(claims.sessionId()).chain(row -> {
            if (row == null) {
                return redisOnly(claims, app, redisUp);
            }
            LiveSession session = LiveSession.of(row);
            Duration emptyTtl = app.settings().emptySessionTtl();
            if (!session.ended()
                    && !row.hasMessages
                    && row.lastSeenAt.plus(emptyTtl).isBefore(Instant.now())) {
                return Uni.createFrom()
                        .failure(ProblemException.unauthorized("The session was idle and is forgotten."));
            }
            Duration ttl =
                    session.ended() ? endedTtl(app.settings(), session.type()) : liveTtl(app.settings(), session);
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
            return store.save(session, liveTtl(app.settings(), session)).replaceWith(session);
        });
    }

    /**
     * Keeps a session in Redis while its visitor is active: its timer restarts at most every 30 s (and every quarter
     * of the idle time) per instance, off the request's path. Postgres, which decides whether an empty session with a
     * row is forgotten after a Redis loss, hears of it at most every half idle period. Best effort: a failure here
     * costs at most an early forgetting of a session without messages, never the request.
     */
    private void keepAlive(AppSettings settings, LiveSession session) {
        Duration emptyTtl = settings.emptySessionTtl();
        long nowNanos = System.nanoTime();
        Long last = lastKeptAlive.getIfPresent(session.id());
        if (last != null && nowNanos - last < Math.min(KEEP_ALIVE_EVERY.toNanos(), emptyTtl.toNanos() / 4)) {
            return;
        }
        lastKeptAlive.put(session.id(), nowNanos);
        Uni<Void> refresh = store.expire(session.id(), liveTtl(settings, session));
        if (!session.hasMessages()
                && session.inPostgres()
                && session.lastSeenInPostgres().plus(emptyTtl.dividedBy(2)).isBefore(Instant.now())) {
            Instant now = now();
            refresh = refresh.chain(() -> sessions.markSeen(session.id(), now))
                    .chain(() -> store.markSeenInPostgres(session.id(), now));
        }
        refresh.subscribe()
                .with(
                        done -> {},
                        failure -> Log.debugf("Could not refresh session %s: %s", session.id(), failure.getMessage()));
    }

    private IssuedToken issue(App app, LiveSession session, Duration lifetime) {
        return issuer.issue(app.id(), session.visitorId(), session.id(), session.type(), lifetime);
    }

    private static SessionGrant summary(LiveSession session, IssuedToken token, boolean merged) {
        return new SessionGrant(
                token.token(),
                token.expiresAt(),
                new SessionGrant.SessionSummary(session.id(), session.visitorId(), session.authenticated()),
                session.conversationId(),
                merged);
    }

    private static Duration firstLifetime(AppSettings settings, LiveSession session) {
        return session.authenticated() ? settings.authenticatedTokenTtl() : settings.anonymousTokenTtl();
    }

    /**
     * The lifetime of a session's next token. Anonymous tokens slide: each new one lives the app's full anonymous
     * lifetime. An identified session keeps the expiry it got at login, so it ends on the app's schedule however
     * active it is.
     */
    private static Duration nextLifetime(AppSettings settings, LiveSession session, ChatTokenClaims claims) {
        return session.authenticated()
                ? Duration.between(Instant.now(), claims.expiresAt())
                : settings.anonymousTokenTtl();
    }

    /** How long Redis keeps a live session: an empty one its idle time, any other as long as its tokens can live. */
    static Duration liveTtl(AppSettings settings, LiveSession session) {
        if (!session.hasMessages()) {
            return settings.emptySessionTtl();
        }
        return firstLifetime(settings, session);
    }

    /** An ended session stays cached as ended as long as any of its tokens could still be presented. */
    private static Duration endedTtl(AppSettings settings, TokenType type) {
        Duration tokenLifetime =
                type == TokenType.AUTHENTICATED ? settings.authenticatedTokenTtl() : settings.anonymousTokenTtl();
        return tokenLifetime.plusMinutes(5);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
