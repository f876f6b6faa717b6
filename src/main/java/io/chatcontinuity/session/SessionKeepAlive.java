package io.chatcontinuity.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatcontinuity.app.AppSettings;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Keeps a session in Redis while its visitor is active: its timer restarts at most every 30 s (and every quarter of
 * the idle time) per instance, off the request's path. Postgres, which decides whether an empty session with a row is
 * forgotten after a Redis loss, hears of it at most every half idle period. Best effort: a failure here costs at most
 * an early forgetting of a session without messages, never the request.
 */
@ApplicationScoped
class SessionKeepAlive {

    /** The hot path restarts a session's Redis timer at most this often per instance, not on every request. */
    private static final Duration EVERY = Duration.ofSeconds(30);

    private final SessionRepository sessions;
    private final SessionStore store;
    private final Cache<String, Long> lastKeptAlive =
            Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(EVERY).build();

    SessionKeepAlive(SessionRepository sessions, SessionStore store) {
        this.sessions = sessions;
        this.store = store;
    }

    /** Starts what is due for {@code session} and returns at once; nothing the request waits for. */
    void touch(AppSettings settings, LiveSession session) {
        Duration emptyTtl = settings.emptySessionTtl();
        long nowNanos = System.nanoTime();
        Long last = lastKeptAlive.getIfPresent(session.id());
        if (last != null && nowNanos - last < Math.min(EVERY.toNanos(), emptyTtl.toNanos() / 4)) {
            return;
        }
        lastKeptAlive.put(session.id(), nowNanos);
        Uni<Void> refresh = store.expire(session.id(), SessionLifetimes.live(settings, session));
        if (!session.hasMessages()
                && session.inPostgres()
                && session.lastSeenInPostgres().plus(emptyTtl.dividedBy(2)).isBefore(Instant.now())) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            refresh = refresh.chain(() -> sessions.markSeen(session.id(), now))
                    .chain(() -> store.markSeenInPostgres(session.id(), now));
        }
        refresh.subscribe()
                .with(
                        done -> {},
                        failure -> Log.debugf("Could not refresh session %s: %s", session.id(), failure.getMessage()));
    }
}
