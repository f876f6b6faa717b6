package io.chatcontinuity.app;

import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.redis.ResilientSubscription;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every app's config, served from memory. A change on any instance is announced on a Redis channel and evicts the
 * app everywhere within milliseconds; entries are also re-read after {@code chat.apps.cache-ttl}, so a lost
 * announcement (Redis restarting, a dropped subscription) leaves an instance stale for at most that long (and the one
 * read that follows, during which the old copy is served). While Postgres is down, the last config read keeps being
 * served.
 */
@ApplicationScoped
public class AppDirectory {

    static final String CHANNEL = "chat:apps:changed";
    /** Preflights may name any origin; remembering answers must not let them fill the heap. */
    private static final int MAX_REMEMBERED_ORIGINS = 10_000;

    private record Entry(App app, long readAtNanos) {}

    private record OriginEntry(boolean allowed, long readAtNanos) {}

    private final AppRepository apps;
    private final AppCodec codec;
    private final ReactiveRedisDataSource redis;
    private final Duration ttl;
    private final Duration unknownTtl;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, OriginEntry> originEntries = new ConcurrentHashMap<>();
    private final Map<String, Boolean> refreshing = new ConcurrentHashMap<>();
    /** Counts announced changes, so that a background read that overlapped one does not put back an older config. */
    private final AtomicLong changes = new AtomicLong();

    private final Vertx vertx;
    private volatile ResilientSubscription subscription;

    AppDirectory(AppRepository apps, AppCodec codec, ReactiveRedisDataSource redis, AppsConfig config, Vertx vertx) {
        this.apps = apps;
        this.vertx = vertx;
        this.codec = codec;
        this.redis = redis;
        this.ttl = config.cacheTtl();
        this.unknownTtl = config.unknownTtl();
    }

    /** The app, or {@code /problems/not-found}. */
    public Uni<App> require(String appId) {
        return find(appId).onItem().ifNull().failWith(() -> ProblemException.notFound("No app " + appId + "."));
    }

    /** The app, or null when there is none with that id. */
    public Uni<App> find(String appId) {
        Entry entry = entries.get(appId);
        long now = System.nanoTime();
        if (entry != null && now - entry.readAtNanos < (entry.app == null ? unknownTtl : ttl).toNanos()) {
            return Uni.createFrom().item(entry.app);
        }
        if (entry != null && entry.app != null) {
            refreshInBackground(appId);
            return Uni.createFrom().item(entry.app);
        }
        return apps.load(appId)
                .map(row -> row == null ? null : codec.toApp(row))
                .invoke(app -> entries.put(appId, new Entry(app, now)));
    }

    /**
     * A known app whose copy is older than the TTL is served as it is while one read (not one per request) brings it
     * up to date: a reconnect storm asks for the same few apps thousands of times a second, and a read each would
     * queue up behind each other in the Postgres pool (measured: 16,000 reads of one app in a minute, and the stream
     * opens behind them timing out). The read runs on a context of its own, apart from the request's session.
     */
    private void refreshInBackground(String appId) {
        if (refreshing.putIfAbsent(appId, Boolean.TRUE) != null) {
            return;
        }
        long started = System.nanoTime();
        long changesBefore = changes.get();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        // Panache refuses a context not marked safe (isolated from any request's session).
        VertxContextSafetyToggle.setContextSafe(context, true);
        // Deferred, so that a failure to start the read also ends the refresh and a later request tries again.
        context.runOnContext(ignored -> Uni.createFrom()
                .deferred(() -> apps.load(appId))
                .map(row -> row == null ? null : codec.toApp(row))
                .eventually(() -> refreshing.remove(appId))
                .subscribe()
                .with(
                        app -> {
                            // A change announced meanwhile may be newer than what this read found: the next request
                            // reads.
                            if (changes.get() == changesBefore) {
                                entries.put(appId, new Entry(app, started));
                            }
                        },
                        failure ->
                                Log.warnf("Serving the last known config of app %s: %s", appId, failure.getMessage())));
    }

    /**
     * Whether any app allows {@code origin}: the answer to a preflight for a path that names no app (the app of
     * {@code /v1/sessions/current} is in the chat token, which a preflight does not carry). The request itself is
     * then checked against its own app.
     */
    public Uni<Boolean> anyAppAllows(String origin) {
        String normalized = origin.toLowerCase(Locale.ROOT);
        OriginEntry known = originEntries.get(normalized);
        long now = System.nanoTime();
        if (known != null && now - known.readAtNanos < unknownTtl.toNanos()) {
            return Uni.createFrom().item(known.allowed);
        }
        return apps.anyAllowsOrigin(normalized).invoke(allowed -> {
            if (originEntries.size() >= MAX_REMEMBERED_ORIGINS) {
                originEntries.clear();
            }
            originEntries.put(normalized, new OriginEntry(allowed, now));
        });
    }

    /** Makes every instance read the app again: here at once, elsewhere when the announcement arrives. */
    public Uni<Void> announceChange(String appId) {
        changes.incrementAndGet();
        entries.remove(appId);
        originEntries.clear();
        return redis.pubsub(String.class)
                .publish(CHANNEL, appId)
                .onFailure()
                .invoke(e -> Log.warnf(
                        "Could not announce the change of app %s (other instances " + "pick it up within %s): %s",
                        appId, ttl, e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Changes announced while this instance was not listening are unknown, so a (re)subscription forgets every app. */
    void listen(@Observes StartupEvent start) {
        subscription = ResilientSubscription.start(
                redis,
                CHANNEL,
                appId -> {
                    changes.incrementAndGet();
                    entries.remove(appId);
                    originEntries.clear();
                },
                () -> {
                    changes.incrementAndGet();
                    entries.clear();
                    originEntries.clear();
                });
    }

    void stop(@Observes ShutdownEvent stop) {
        ResilientSubscription current = subscription;
        if (current != null) {
            current.stop();
        }
    }
}
