package io.chatcontinuity.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.chatcontinuity.common.redis.RedisPayloads;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The decision in force per session, in Redis, shared by every instance and read on every gated request (never
 * cached in an instance), so that a change made through one instance holds on all of them at the next request.
 */
@ApplicationScoped
class ConsentStore {

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final ObjectMapper json;
    private final ObjectReader decisions;
    private final Duration ttl;

    ConsentStore(ReactiveRedisDataSource redis, ObjectMapper json, ConsentConfig config) {
        this.values = redis.value(String.class, String.class);
        this.keys = redis.key(String.class);
        this.json = json;
        this.decisions = decisionReader(json);
        this.ttl = config.cacheTtl();
    }

    static String key(String sessionId) {
        return "chat:consent:" + sessionId;
    }

    /** The cached decision, or null when Redis does not hold one (never written, expired, flushed, or forgotten). */
    Uni<CachedDecision> find(String sessionId) {
        return values.get(key(sessionId)).map(value -> value == null ? null : read(value));
    }

    Uni<Void> put(String sessionId, CachedDecision decision) {
        return values.set(key(sessionId), write(decision), new SetArgs().ex(ttl));
    }

    /**
     * Caches what was read back from Postgres, unless a decision was written meanwhile: a read that raced with a
     * new decision must not put the older one back over it.
     */
    Uni<Void> putIfAbsent(String sessionId, CachedDecision decision) {
        return values.set(key(sessionId), write(decision), new SetArgs().ex(ttl).nx());
    }

    Uni<Void> forget(String sessionId) {
        return keys.del(key(sessionId)).replaceWithVoid();
    }

    /** Reads what any instance wrote, an instance of a newer build included. */
    static ObjectReader decisionReader(ObjectMapper json) {
        return RedisPayloads.readerFor(json, CachedDecision.class);
    }

    private CachedDecision read(String value) {
        try {
            return decisions.readValue(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable consent decision in Redis", e);
        }
    }

    private String write(CachedDecision decision) {
        try {
            return json.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
