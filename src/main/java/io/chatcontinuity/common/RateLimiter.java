package io.chatcontinuity.common;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-window counters in Redis, shared by every instance. Attempts are counted by one script that answers how long
 * each counter's window has left when it is over its limit; attempts that arrive while a count is on its way are
 * counted together by the next, so a busy instance pays one round trip for many requests. Over the limit answers
 * {@code /problems/rate-limited} with {@code Retry-After}.
 */
@ApplicationScoped
public class RateLimiter {

    /**
     * Counts one attempt in every bucket (KEYS); ARGV holds each bucket's limit and window in milliseconds, in turn.
     * Answers, per bucket, how long its window has left when it is over its limit, else -1.
     */
    private static final RedisScript COUNT_IN_WINDOWS = new RedisScript("""
            local waits = {}
            for i, key in ipairs(KEYS) do
              local n = redis.call('INCR', key)
              if n == 1 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
              waits[i] = n > tonumber(ARGV[2 * i - 1]) and redis.call('PTTL', key) or -1
            end
            return waits
            """);

    /** A bucket of attempts and how many of them one window allows. */
    public record Limit(String bucket, int limit) {
    }

    /** One request's attempt: a bucket for each of its limits, all with the same window. */
    private record Attempt(Duration window, Limit[] limits) {
    }

    private final ReactiveRedisDataSource redis;
    private final Batcher<Attempt, Long> attempts;

    RateLimiter(ReactiveRedisDataSource redis) {
        this.redis = redis;
        // A failed script is never one request's fault, and the counts it made before failing stay: nothing is retried.
        this.attempts = new Batcher<>(64, 1, Duration.ofSeconds(5), failure -> false, this::countAll);
    }

    /** Counts one attempt in {@code bucket}; fails with 429 once more than {@code limit} fall in one window. */
    public Uni<Void> acquire(String bucket, int limit, Duration window) {
        return acquire(window, new Limit(bucket, limit));
    }

    /**
     * Counts one attempt in each bucket; fails with 429 when any of them is over its limit, with the longest wait
     * among those.
     */
    public Uni<Void> acquire(Duration window, Limit... limits) {
        return attempts.submit(new Attempt(window, limits)).map(millisLeft -> {
            if (millisLeft >= 0) {
                throw ProblemException.rateLimited(Duration.ofMillis(Math.max(1000, millisLeft)));
            }
            return null;
        });
    }

    /** Answers, per attempt, the longest wait among its buckets over their limits, or -1. */
    private Uni<List<Long>> countAll(List<Attempt> batch) {
        List<String> keys = new ArrayList<>();
        List<String> limitsAndWindows = new ArrayList<>();
        for (Attempt attempt : batch) {
            for (Limit limit : attempt.limits()) {
                keys.add(key(limit.bucket()));
                limitsAndWindows.add(Integer.toString(limit.limit()));
                limitsAndWindows.add(Long.toString(attempt.window().toMillis()));
            }
        }
        return COUNT_IN_WINDOWS.run(redis, keys, limitsAndWindows).map(waits -> {
            List<Long> longest = new ArrayList<>(batch.size());
            int bucket = 0;
            for (Attempt attempt : batch) {
                long wait = -1;
                for (int i = 0; i < attempt.limits().length; i++) {
                    wait = Math.max(wait, waits.get(bucket++).toLong());
                }
                longest.add(wait);
            }
            return longest;
        });
    }

    /** The Redis key of a bucket's counter, for a script that counts an attempt together with other work. */
    public static String key(String bucket) {
        return "chat:rate:" + bucket;
    }

    /** The client's address: the peer, or the forwarded client when the operator enables proxy address forwarding. */
    public static String clientAddress(RoutingContext ctx) {
        var address = ctx.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }
}
