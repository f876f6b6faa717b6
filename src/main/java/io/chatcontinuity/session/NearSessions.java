package io.chatcontinuity.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's short-lived copies of who live sessions belong to, so that a request whose session was read a
 * moment ago needs no Redis round trip. Widget state is never copied: devices change it, so it is read fresh.
 *
 * <p>A copy is only as good as the news of sessions ending, so copies are answered only while this instance's
 * subscription to those notices ({@link SessionEndings}) is up: every notice, from this instance or another, drops
 * its session's copy before anything else; losing the subscription drops every copy and stops answering from them,
 * and they start again empty once it is back. The instance that ends a session drops its own copy and publishes the
 * notice before it answers, and Redis hands a published notice to every subscriber's connection in the same step in
 * which it replies to the publisher, before it serves any other command. So by the time the client holds that answer,
 * the notice has been in every other instance's socket for at least the client's round trip, and any request the
 * client (or anyone it told) sends next arrives after it. That request can still be served from the copy if it
 * reaches an event loop before the subscriber's own loop has read the notice: a window of microseconds, or a few
 * milliseconds on a starved machine, which only a Redis read per request could close. What no notice can cover (a
 * subscription that died without its connection noticing) is bounded by {@code chat.sessions.near-cache-ttl}: no copy
 * is older than that.
 *
 * <p>A copy read from Redis before a notice arrived must not be kept after it: every notice and every change of the
 * subscription advances a generation, and a copy whose read began in an older generation is dropped again right
 * after it is stored.
 */
@ApplicationScoped
public class NearSessions {

    private final Cache<String, LiveSession> copies;
    private final boolean enabled;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean trusted;

    NearSessions(SessionsConfig config) {
        this.enabled = !config.nearCacheTtl().isZero();
        this.copies = Caffeine.newBuilder()
                .maximumSize(config.nearCacheSize())
                .expireAfterWrite(enabled ? config.nearCacheTtl() : Duration.ofNanos(1))
                .build();
    }

    /** The copy of a live session, or null: none, or notices may be missed right now. */
    LiveSession get(String sessionId) {
        return trusted ? copies.getIfPresent(sessionId) : null;
    }

    /** To be taken before reading a session from Redis, and handed to {@link #keep} with what was read. */
    long generation() {
        return generation.get();
    }

    /** Keeps a copy of a session read from Redis in {@code readInGeneration}, unless a notice may have come since. */
    void keep(long readInGeneration, LiveSession session) {
        if (!enabled || !trusted || session.ended()) {
            return;
        }
        copies.put(session.id(), session);
        if (generation.get() != readInGeneration || !trusted) {
            copies.invalidate(session.id());
        }
    }

    /** The session changed or ended: its copy goes, and no read already under way may put it back. */
    void drop(String sessionId) {
        generation.incrementAndGet();
        copies.invalidate(sessionId);
    }

    /** Notices may be missed from now on: no copy is answered or kept until {@link #subscribed}. */
    void subscriptionLost() {
        trusted = false;
        generation.incrementAndGet();
        copies.invalidateAll();
    }

    /** Notices arrive again: copies start afresh, as any of the old ones may have missed one. */
    void subscribed() {
        generation.incrementAndGet();
        copies.invalidateAll();
        trusted = true;
    }
}
