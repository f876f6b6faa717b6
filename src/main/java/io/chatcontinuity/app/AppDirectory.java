package io.chatcontinuity.app;

import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.common.ResilientSubscription;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every app's config, served from memory. A change on any instance is announced on a Redis channel and evicts the
 * app everywhere within milliseconds; entries are also re-read after {@code chat.apps.cache-ttl}, so a lost
 * announcement (Redis restarting, a dropped subscription) leaves an instance stale for at most that long. While
 * Postgres is down, the last config read keeps being served.
 */
@ApplicationScoped
public class AppDirectory {

    static final String CHANNEL = "chat:apps:changed";
    /** Preflights may name any origin; remembering answers must not let them fill the heap. */
    private static final int MAX_REMEMBERED_ORIGINS = 10_000;

    private record Entry(App app, long readAtNanos) {
    }

    private record OriginEntry(boolean allowed, long readAtNanos) {
    }

    private final AppRepository apps;
    private final AppCodec codec;
    private final ReactiveRedisDataSource redis;
    private final Duration ttl;
    private final Duration unknownTtl;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, OriginEntry> originEntries = new ConcurrentHashMap<>();
    private volatile ResilientSubscription subscription;

    AppDirectory(AppRepository apps, AppCodec codec, ReactiveRedisDataSource redis, AppsConfig config) {
        this.apps = apps;
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
        return apps.load(appId)
                .map(row -> row == null ? null : codec.toApp(row))
                .invoke(app -> entries.put(appId, new Entry(app, now)))
                .onFailure().recoverWithUni(failure -> {
                    if (entry != null && entry.app != null) {
                        Log.warnf("Serving the last known config of app %s: %s", appId, failure.getMessage());
                        return Uni.createFrom().item(entry.app);
                    }
                    return Uni.createFrom().failure(failure);
                });
    }

    /**
     * Whether any app allows {@code origin}: the answer to a preflight for a path that names no app (the app of
     * {@code /v1/sessions/current} is in the chat token, which a preflight does not carry). The request itself is
     * then checked against its own app.
     */
    public Uni<Boolean> anyAppAllows(String origin) {
        String normalized = origin.toLowerCase(java.util.Locale.ROOT);
        OriginEntry known = originEntries.get(normalized);
        long now = System.nanoTime();
        if (known != null && now - known.readAtNanos < unknownTtl.toNanos()) {
            return Uni.createFrom().item(known.allowed);
        }
        return apps.anyAllowsOrigin(normalized)
                .invoke(allowed -> {
                    if (originEntries.size() >= MAX_REMEMBERED_ORIGINS) {
                        originEntries.clear();
                    }
                    originEntries.put(normalized, new OriginEntry(allowed, now));
                });
    }

    /** Makes every instance read the app again: here at once, elsewhere when the announcement arrives. */
    public Uni<Void> announceChange(String appId) {
        entries.remove(appId);
        originEntries.clear();
        return redis.pubsub(String.class).publish(CHANNEL, appId)
                .onFailure().invoke(e -> Log.warnf("Could not announce the change of app %s (other instances "
                        + "pick it up within %s): %s", appId, ttl, e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Changes announced while this instance was not listening are unknown, so a (re)subscription forgets every app. */
    void listen(@Observes StartupEvent start) {
        subscription = ResilientSubscription.start(redis, CHANNEL, appId -> {
            entries.remove(appId);
            originEntries.clear();
        }, () -> {
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
