package io.chatcontinuity.common;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-window counters in Redis, shared by every instance: one round trip that counts the attempt and reads how long
 * the window has left. Over the limit answers {@code /problems/rate-limited} with {@code Retry-After}.
 */
@ApplicationScoped
public class RateLimiter {

    /** Counts one attempt in every bucket (KEYS); answers the longest wait of a bucket over its limit, or -1. */
    private static final String COUNT_IN_WINDOWS = """
            local wait = -1
            for i, key in ipairs(KEYS) do
              local n = redis.call('INCR', key)
              if n == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
              if n > tonumber(ARGV[i + 1]) then wait = math.max(wait, redis.call('PTTL', key)) end
            end
            return wait
            """;

    /** A bucket of attempts and how many of them one window allows. */
    public record Limit(String bucket, int limit) {
    }

    private final ReactiveRedisDataSource redis;

    RateLimiter(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Counts one attempt in {@code bucket}; fails with 429 once more than {@code limit} fall in one window. */
    public Uni<Void> acquire(String bucket, int limit, Duration window) {
        return acquire(window, new Limit(bucket, limit));
    }

    /**
     * Counts one attempt in each bucket in a single round trip; fails with 429 when any of them is over its limit,
     * with the longest wait among those.
     */
    public Uni<Void> acquire(Duration window, Limit... limits) {
        List<String> args = new ArrayList<>(List.of(COUNT_IN_WINDOWS, Integer.toString(limits.length)));
        for (Limit limit : limits) {
            args.add(key(limit.bucket()));
        }
        args.add(Long.toString(window.toMillis()));
        for (Limit limit : limits) {
            args.add(Integer.toString(limit.limit()));
        }
        return redis.execute("EVAL", args.toArray(String[]::new)).map(reply -> {
            long millisLeft = reply.toLong();
            if (millisLeft >= 0) {
                throw ProblemException.rateLimited(Duration.ofMillis(Math.max(1000, millisLeft)));
            }
            return null;
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
