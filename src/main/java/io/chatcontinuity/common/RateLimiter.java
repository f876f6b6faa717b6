package io.chatcontinuity.common;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Fixed-window counters in Redis, shared by every instance: one round trip that counts the attempt and reads how long
 * the window has left. Over the limit answers {@code /problems/rate-limited} with {@code Retry-After}.
 */
@ApplicationScoped
public class RateLimiter {

    private static final String COUNT_IN_WINDOW = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {n, redis.call('PTTL', KEYS[1])}
            """;

    private final ReactiveRedisDataSource redis;

    RateLimiter(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Counts one attempt in {@code bucket}; fails with 429 once more than {@code limit} fall in one window. */
    public Uni<Void> acquire(String bucket, int limit, Duration window) {
        return redis.execute("EVAL", COUNT_IN_WINDOW, "1", key(bucket), Long.toString(window.toMillis()))
                .map(reply -> {
                    long count = reply.get(0).toLong();
                    long millisLeft = reply.get(1).toLong();
                    if (count > limit) {
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
