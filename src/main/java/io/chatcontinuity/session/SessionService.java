package io.chatcontinuity.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatcontinuity.app.App;
import io.chatcontinuity.app.AppSettings;
import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.StoreFailures;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.ChatTokenIssuer;
import io.chatcontinuity.token.IssuedToken;
import io.chatcontinuity.token.TokenType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Sessions: started, resumed, refreshed, ended. Postgres is the truth for whether a session exists and whether it
 * has ended; Redis holds the live copy every request reads. A session Redis lost is rebuilt from Postgres; an ended
 * one stays ended; an empty one idle past the app's {@code emptySessionTtl} is forgotten.
 */
@ApplicationScoped
public class SessionService {

    /** The hot path restarts an empty session's idle timer at most this often per instance, not on every request. */
    private static final Duration KEEP_ALIVE_EVERY = Duration.ofSeconds(30);

    private final SessionRepository sessions;
    private final SessionStore store;
    private final ChatTokenIssuer issuer;
    private final SessionEndings endings;
    private final Cache<String, Long> lastKeptAlive = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(KEEP_ALIVE_EVERY).build();

    SessionService(SessionRepository sessions, SessionStore store, ChatTokenIssuer issuer, SessionEndings endings) {
        this.sessions = sessions;
        this.store = store;
        this.issuer = issuer;
        this.endings = endings;
    }

    /** A new anonymous visitor with a new session and a conversation id of its own. */
    public Uni<SessionGrant> startAnonymous(App app) {
        SessionEntity row = newSession(app.id(), Secrets.randomId("vis"), false, Secrets.randomId("conv"));
        LiveSession session = LiveSession.of(row);
        return persist(row).chain(() -> grant(app, session, true, false, firstLifetime(app.settings(), session)));
    }

    /** A new session of an identified user, on the user's one visitor id and conversation. */
    public Uni<SessionEntity> startAuthenticated(String appId, String visitorId, String conversationId) {
        SessionEntity row = newSession(appId, visitorId, true, conversationId);
        return sessions.persist(row);
    }

    /** Caches an identified session just written to Postgres, and answers it with a token. */
    public Uni<SessionGrant> grantNew(App app, SessionEntity row, boolean merged) {
        LiveSession session = LiveSession.of(row);
        return grant(app, session, true, merged, firstLifetime(app.settings(), session));
    }

    /** The same session with a fresh token: the page-load path of a returning visitor. */
    public Uni<SessionGrant> resume(App app, ChatTokenClaims claims) {
        return live(claims, app).chain(session ->
                grant(app, session, false, false, nextLifetime(app.settings(), session, claims)));
    }

    /** A new token for the same session (see {@link #nextLifetime}). */
    public Uni<IssuedToken> refresh(CurrentSession current) {
        LiveSession session = current.session();
        AppSettings settings = current.app().settings();
        IssuedToken token = issuer.issue(current.app().id(), session.visitorId(), session.id(), session.type(),
                nextLifetime(settings, session, current.claims()));
        return store.expire(session.id(), liveTtl(settings, session)).replaceWith(token);
    }

    /**
     * Ends the session for every token of it, on every instance: Redis first, so that no instance honours it from the
     * moment this starts, then Postgres, which keeps it ended through any loss of Redis. The conversation stays.
     * Open event streams of the session are told last.
     */
    public Uni<Void> end(String sessionId, AppSettings settings, TokenType type, String reason) {
        return end(new SessionEnded(sessionId, null, null), settings, type, reason);
    }

    /** Ends an anonymous session whose browser just logged in; its streams follow the identified session. */
    public Uni<Void> endForLogin(String sessionId, AppSettings settings, SessionEntity identified) {
        return end(new SessionEnded(sessionId, identified.id, identified.conversationId), settings, TokenType.ANONYMOUS,
                "login");
    }

    private Uni<Void> end(SessionEnded ended, AppSettings settings, TokenType type, String reason) {
        String sessionId = ended.sessionId();
        return store.update(sessionId, Map.of("ended", "1"))
                .chain(() -> store.expire(sessionId, endedTtl(settings, type)))
                .chain(() -> endInPostgres(sessionId, reason))
                .chain(() -> endings.announce(ended));
    }

    /** Whether the session is known to have ended; an unknown answer (Redis lost it, or is down) is false. */
    public Uni<Boolean> knownEnded(String sessionId) {
        return store.find(sessionId).map(session -> session != null && session.ended())
                .onFailure().recoverWithItem(false);
    }

    /**
     * Remembers that the session has sent a message, which Postgres already keeps: from now on it lives as long as
     * its tokens rather than its empty-session idle time. Best effort, as a failure only shortens its life in Redis,
     * which Postgres then restores.
     */
    public Uni<Void> keepForGood(LiveSession session, AppSettings settings) {
        LiveSession kept = new LiveSession(session.id(), session.appId(), session.visitorId(), session.type(),
                session.conversationId(), session.ended(), true, session.lastSeenInPostgres(), session.state());
        return store.update(session.id(), Map.of("msgs", "1"))
                .chain(() -> store.expire(session.id(), liveTtl(settings, kept)))
                .onFailure().recoverWithNull();
    }

    /** Ends every open session of a visitor (an identified user's, on all devices), each as {@link #end} does. */
    public Uni<Integer> endAllOfVisitor(App app, String visitorId, String reason) {
        return openSessionsOf(app.id(), visitorId).chain(open -> {
            if (open.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<Uni<Void>> ends = open.stream()
                    .map(row -> end(row.id, app.settings(), row.authenticated ? TokenType.AUTHENTICATED : TokenType.ANONYMOUS, reason))
                    .toList();
            return Uni.join().all(ends).andFailFast().replaceWith(open.size());
        });
    }

    /**
     * Removes erased sessions from Redis. Their rows are gone from Postgres too, so a token of one of them can never
     * be rebuilt: it is refused as a session that has ended.
     */
    public Uni<Void> forget(List<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(sessionIds.stream().map(store::delete).toList()).usingConcurrencyOf(8).andFailFast()
                .replaceWithVoid();
    }

    @WithSession
    Uni<List<SessionEntity>> openSessionsOf(String appId, String visitorId) {
        return sessions.findActiveOfVisitor(appId, visitorId);
    }

    @WithTransaction
    Uni<Integer> endInPostgres(String sessionId, String reason) {
        return sessions.end(sessionId, reason, now());
    }

    /** The live session a verified token names, rebuilt from Postgres when Redis does not hold it. */
    public Uni<LiveSession> live(ChatTokenClaims claims, App app) {
        return store.find(claims.sessionId())
                .chain(cached -> cached != null ? Uni.createFrom().item(cached) : recover(claims, app, true))
                .map(session -> checked(session, claims, app));
    }

    /**
     * As {@link #live}, but when Redis is down the session is read from Postgres, the truth for revocation, so that
     * conversations keep working through a Redis outage.
     */
    public Uni<LiveSession> liveEvenWithoutRedis(ChatTokenClaims claims, App app) {
        return store.find(claims.sessionId())
                .onFailure(StoreFailures::isOutage).recoverWithUni(failure -> {
                    Log.debugf("Redis is unavailable; reading session %s from Postgres", claims.sessionId());
                    return recover(claims, app, false);
                })
                .chain(cached -> cached != null ? Uni.createFrom().item(cached) : recover(claims, app, true))
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

    private Uni<LiveSession> recover(ChatTokenClaims claims, App app, boolean cache) {
        return sessions.load(claims.sessionId()).chain(row -> {
            if (row == null) {
                return Uni.createFrom().failure(ProblemException.unauthorized("The session has ended."));
            }
            LiveSession session = LiveSession.of(row);
            Duration emptyTtl = app.settings().emptySessionTtl();
            if (!session.ended() && !row.hasMessages && row.lastSeenAt.plus(emptyTtl).isBefore(Instant.now())) {
                return Uni.createFrom().failure(ProblemException.unauthorized("The session was idle and is forgotten."));
            }
            Duration ttl = session.ended() ? endedTtl(app.settings(), session.type()) : liveTtl(app.settings(), session);
            if (!cache) {
                return Uni.createFrom().item(session);
            }
            Log.debugf("Rebuilt session %s from Postgres (ended: %s)", session.id(), session.ended());
            return store.save(session, ttl).replaceWith(session);
        });
    }

    /**
     * Keeps an empty session from being forgotten while its visitor is active: the Redis idle timer restarts, and
     * Postgres, which decides after a Redis loss, hears of it at most every half idle period. Best effort: a failure
     * here costs at most an early forgetting of a session without messages, never the request.
     */
    private void keepAlive(AppSettings settings, LiveSession session) {
        if (session.hasMessages()) {
            return;
        }
        Duration emptyTtl = settings.emptySessionTtl();
        long nowNanos = System.nanoTime();
        Long last = lastKeptAlive.getIfPresent(session.id());
        if (last != null && nowNanos - last < Math.min(KEEP_ALIVE_EVERY.toNanos(), emptyTtl.toNanos() / 4)) {
            return;
        }
        lastKeptAlive.put(session.id(), nowNanos);
        Uni<Void> refresh = store.expire(session.id(), emptyTtl);
        if (session.lastSeenInPostgres().plus(emptyTtl.dividedBy(2)).isBefore(Instant.now())) {
            Instant now = now();
            refresh = refresh.chain(() -> sessions.markSeen(session.id(), now))
                    .chain(() -> store.update(session.id(), Map.of("pgSeen", Long.toString(now.getEpochSecond()))));
        }
        refresh.subscribe().with(done -> { }, failure -> Log.debugf("Could not refresh session %s: %s",
                session.id(), failure.getMessage()));
    }

    private Uni<SessionGrant> grant(App app, LiveSession session, boolean save, boolean merged, Duration lifetime) {
        IssuedToken token = issuer.issue(app.id(), session.visitorId(), session.id(), session.type(), lifetime);
        Uni<Void> cached = save ? store.save(session, liveTtl(app.settings(), session))
                : store.expire(session.id(), liveTtl(app.settings(), session));
        return cached.replaceWith(summary(session, token, merged));
    }

    private static SessionGrant summary(LiveSession session, IssuedToken token, boolean merged) {
        return new SessionGrant(token.token(), token.expiresAt(),
                new SessionGrant.SessionSummary(session.id(), session.visitorId(), session.authenticated()),
                session.conversationId(), merged);
    }

    @WithTransaction
    Uni<SessionEntity> persist(SessionEntity row) {
        return sessions.persist(row);
    }

    private static SessionEntity newSession(String appId, String visitorId, boolean authenticated, String conversationId) {
        Instant now = now();
        SessionEntity row = new SessionEntity();
        row.id = Secrets.randomId("ses");
        row.appId = appId;
        row.visitorId = visitorId;
        row.authenticated = authenticated;
        row.conversationId = conversationId;
        row.createdAt = now;
        row.lastSeenAt = now;
        return row;
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
        return session.authenticated() ? Duration.between(Instant.now(), claims.expiresAt())
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
        Duration tokenLifetime = type == TokenType.AUTHENTICATED ? settings.authenticatedTokenTtl()
                : settings.anonymousTokenTtl();
        return tokenLifetime.plusMinutes(5);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
