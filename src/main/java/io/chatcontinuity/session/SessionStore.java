package io.chatcontinuity.session;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;

/** Live sessions in Redis: one hash per session, expiring with the session's idle or token lifetime. */
@ApplicationScoped
public class SessionStore {

    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keys;

    SessionStore(ReactiveRedisDataSource redis) {
        this.hashes = redis.hash(String.class, String.class, String.class);
        this.keys = redis.key(String.class);
    }

    static String key(String sessionId) {
        return "chat:session:" + sessionId;
    }

    /** The session, or null when Redis does not hold it (never written, expired, or Redis lost it). */
    public Uni<LiveSession> find(String sessionId) {
        return hashes.hgetall(key(sessionId)).map(hash -> LiveSession.fromHash(sessionId, hash));
    }

    public Uni<Void> save(LiveSession session, Duration ttl) {
        return hashes.hset(key(session.id()), session.toHash()).chain(() -> expire(session.id(), ttl));
    }

    public Uni<Void> update(String sessionId, Map<String, String> fields) {
        return hashes.hset(key(sessionId), fields).replaceWithVoid();
    }

    public Uni<Void> expire(String sessionId, Duration ttl) {
        return keys.expire(key(sessionId), Math.max(1, ttl.toSeconds())).replaceWithVoid();
    }

    public Uni<Void> delete(String sessionId) {
        return keys.del(key(sessionId)).replaceWithVoid();
    }
}
