package io.chatcontinuity.session;

import io.chatcontinuity.app.App;
import io.chatcontinuity.app.AppSettings;
import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.redis.RateLimiter;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.ChatTokenIssuer;
import io.chatcontinuity.token.IssuedToken;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What happens to sessions: started, granted, resumed, refreshed, ended, forgotten. Postgres is the truth for whether
 * a session has ended and for every session that has something to keep; Redis holds the live copy requests read
 * (found by {@link SessionResolver}), and this instance a few seconds' copy of who each session belongs to
 * ({@link NearSessions}). An anonymous session lives in Redis alone until its first message or its end writes its row.
 */
@ApplicationScoped
public class SessionService {

    private final SessionRepository sessions;
    private final SessionStore store;
    private final NearSessions near;
    private final SessionResolver resolver;
    private final ChatTokenIssuer issuer;
    private final SessionEndings endings;

    SessionService(
            SessionRepository sessions,
            SessionStore store,
            NearSessions near,
            SessionResolver resolver,
            ChatTokenIssuer issuer,
            SessionEndings endings) {
        this.sessions = sessions;
        this.store = store;
        this.near = near;
        this.resolver = resolver;
        this.issuer = issuer;
        this.endings = endings;
    }

    /**
     * A new anonymous visitor with a new session, held by Redis alone. Counting it against the caller's creation
     * limit and saving it is one Redis round trip; over the limit answers {@code /problems/rate-limited}.
     */
    public Uni<SessionGrant> startAnonymous(App app, String rateBucket, int limit, Duration window) {
        LiveSession session =
                LiveSession.newAnonymous(app.id(), Secrets.randomId("vis"), Secrets.randomId("ses"), now());
        return store.createWithinLimit(
                        session,
                        SessionLifetimes.live(app.settings(), session),
                        RateLimiter.key(rateBucket),
                        limit,
                        window)
                .map(refusedFor -> {
                    if (refusedFor != null) {
                        throw ProblemException.rateLimited(
                                refusedFor.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : refusedFor);
                    }
                    return summary(
                            session, issue(app, session, SessionLifetimes.firstToken(app.settings(), session)), false);
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
        IssuedToken token = issue(app, session, SessionLifetimes.firstToken(app.settings(), session));
        return store.save(session, SessionLifetimes.live(app.settings(), session))
                .replaceWith(summary(session, token, merged));
    }

    /** The same session with a fresh token: the page-load path of a returning visitor. */
    public Uni<SessionGrant> resume(App app, ChatTokenClaims claims) {
        return resolver.live(claims, app)
                .map(session -> summary(
                        session,
                        issue(app, session, SessionLifetimes.nextToken(app.settings(), session, claims)),
                        false));
    }

    /** A new token for the same session (see {@link SessionLifetimes#nextToken}). */
    public Uni<IssuedToken> refresh(CurrentSession current) {
        LiveSession session = current.session();
        AppSettings settings = current.app().settings();
        IssuedToken token =
                issue(current.app(), session, SessionLifetimes.nextToken(settings, session, current.claims()));
        return store.expire(session.id(), SessionLifetimes.live(settings, session))
                .replaceWith(token);
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
        return store.save(session.asEnded(), SessionLifetimes.ended(settings, session.type()))
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
        return store.save(kept, SessionLifetimes.live(settings, kept))
                .onFailure()
                .recoverWithNull();
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

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
