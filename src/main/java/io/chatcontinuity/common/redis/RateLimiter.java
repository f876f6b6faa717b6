package io.chatcontinuity.common.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.chatcontinuity.common.Batcher;
import io.chatcontinuity.common.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-window counters in Redis, shared by every instance. Attempts are counted by one script that answers each
 * counter's count and how long its window has left; attempts that arrive while a count is on its way are counted
 * together by the next, so a busy instance pays one round trip for many requests. Over the limit answers
 * {@code /problems/rate-limited} with {@code Retry-After}.
 *
 * <p>Two ways to ask: {@link #acquire} waits for Redis's count, exact across instances, for limits on guessing
 * (continuity and identity attempts; session creation is counted exactly too, by {@code SessionStore}'s script that
 * also saves the session); {@link #admit} decides from what this instance already knows
 * of the current windows and counts afterwards, for limits on flooding (message posts), which then cost a request
 * no Redis round trip.
 */
@ApplicationScoped
public class RateLimiter {

    /**
     * Counts one attempt in every bucket (KEYS), a bucket's first attempt starting its window (ARGV holds each
     * bucket's window in milliseconds, in turn). Answers, per bucket, its count and how long its window has left.
     */
    private static final RedisScript COUNT_IN_WINDOWS = new RedisScript("""
            local answers = {}
            for i, key in ipairs(KEYS) do
              local n = redis.call('INCR', key)
              if n == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
              answers[2 * i - 1] = n
              answers[2 * i] = redis.call('PTTL', key)
            end
            return answers
            """);

    /** How many buckets' windows an instance remembers for {@link #admit}; beyond that, Redis decides again. */
    private static final int KNOWN_WINDOWS = 100_000;

    /** A bucket of attempts and how many of them one window allows. */
    public record Limit(String bucket, int limit) {}

    /** One request's attempt: a bucket for each of its limits, all with the same window. */
    private record Attempt(Duration window, Limit[] limits) {}

    /** A bucket's count after an attempt, and how long its window has left then. */
    private record Count(long count, long millisLeft) {}

    private final ReactiveRedisDataSource redis;
    private final boolean cluster;
    private final Batcher<Attempt, Count[]> attempts;
    private final Cache<String, KnownWindow> known = Caffeine.newBuilder()
            .maximumSize(KNOWN_WINDOWS)
            .expireAfter(Expiry.writing((String bucket, KnownWindow window) ->
                    Duration.ofMillis(Math.max(0, window.endsAt() - System.currentTimeMillis()))))
            .build();

    RateLimiter(ReactiveRedisDataSource redis, RedisPipeline pipeline) {
        this.redis = redis;
        this.cluster = pipeline.cluster();
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
        return count(window, limits, System.currentTimeMillis(), false).replaceWithVoid();
    }

    /**
     * As {@link #acquire}, but an attempt on buckets whose current windows this instance knows (from its earlier
     * counts) is decided at once, and counted in Redis afterwards. Other instances' attempts are learnt from those
     * counts' answers, so instances taking attempts of one bucket at the same moment may together admit a few more
     * than the limit before each learns of the others'. A bucket this instance does not know is decided by Redis.
     */
    public Uni<Void> admit(Duration window, Limit... limits) {
        try {
            if (admitAtOnce(window, limits)) {
                return Uni.createFrom().voidItem();
            }
        } catch (ProblemException refused) {
            return Uni.createFrom().failure(refused);
        }
        return admitInRedis(window, limits);
    }

    /** {@link #admit}'s decision by Redis, for a caller whose {@link #admitAtOnce} answered false. */
    public Uni<Void> admitInRedis(Duration window, Limit... limits) {
        return count(window, limits, System.currentTimeMillis(), true).replaceWithVoid();
    }

    /**
     * {@link #admit}'s decision when this instance knows every bucket's current window, made at once and without a
     * {@link Uni}, for a hot path that would otherwise build operators around an answer it already has: true when the
     * attempt is admitted (and counted in Redis afterwards), a 429 {@link ProblemException} thrown when it is refused,
     * false when Redis must decide ({@link #admitInRedis}).
     */
    public boolean admitAtOnce(Duration window, Limit... limits) {
        long now = System.currentTimeMillis();
        KnownWindow[] windows = new KnownWindow[limits.length];
        for (int i = 0; i < limits.length; i++) {
            windows[i] = known.getIfPresent(limits[i].bucket());
            if (windows[i] == null || windows[i].endedBy(now)) {
                return false;
            }
        }
        for (int i = 0; i < limits.length; i++) {
            if (!windows[i].take(limits[i].limit())) {
                for (int taken = 0; taken < i; taken++) {
                    windows[taken].release();
                }
                throw refusal(windows[i].endsAt() - now);
            }
        }
        // Counted wherever Redis answers: nobody waits for it, and the known windows are safe to update from any
        // thread.
        attempts.submit(new Attempt(window, limits), (counts, failure) -> {
            if (failure == null) {
                countedLater(window, limits, windows, counts);
                return;
            }
            Log.debugf("An admitted attempt could not be counted: %s", failure.getMessage());
            for (KnownWindow taken : windows) {
                taken.release();
            }
        });
        return true;
    }

    private Uni<Count[]> count(Duration window, Limit[] limits, long now, boolean learn) {
        return attempts.submit(new Attempt(window, limits)).invoke(counts -> {
            long wait = -1;
            for (int i = 0; i < limits.length; i++) {
                if (learn) {
                    known.put(limits[i].bucket(), new KnownWindow(now + counts[i].millisLeft(), counts[i].count()));
                }
                if (counts[i].count() > limits[i].limit()) {
                    wait = Math.max(wait, counts[i].millisLeft());
                }
            }
            if (wait >= 0) {
                throw refusal(wait);
            }
        });
    }

    /**
     * An admitted attempt's counts arrived. A count that started a window later than the one this instance knows
     * (Redis lost the counter, or its clock ran ahead) makes the known one useless: Redis decides the next attempt.
     */
    private void countedLater(Duration window, Limit[] limits, KnownWindow[] windows, Count[] counts) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < limits.length; i++) {
            windows[i].counted(counts[i].count());
            if (now + counts[i].millisLeft() > windows[i].endsAt() + window.toMillis() / 2) {
                known.asMap().remove(limits[i].bucket(), windows[i]);
            }
        }
    }

    private static ProblemException refusal(long millisLeft) {
        return ProblemException.rateLimited(Duration.ofMillis(Math.max(1000, millisLeft)));
    }

    /** Answers, per attempt, each of its buckets' count and window. */
    private Uni<List<Count[]>> countAll(List<Attempt> batch) {
        List<String> keys = new ArrayList<>();
        List<String> windows = new ArrayList<>();
        for (Attempt attempt : batch) {
            for (Limit limit : attempt.limits()) {
                keys.add(key(limit.bucket()));
                windows.add(Long.toString(attempt.window().toMillis()));
            }
        }
        return countInWindows(keys, windows).map(answers -> {
            List<Count[]> counts = new ArrayList<>(batch.size());
            int next = 0;
            for (Attempt attempt : batch) {
                Count[] ofAttempt = new Count[attempt.limits().length];
                for (int i = 0; i < ofAttempt.length; i++, next += 2) {
                    ofAttempt[i] = new Count(answers.get(next), answers.get(next + 1));
                }
                counts.add(ofAttempt);
            }
            return counts;
        });
    }

    /**
     * Each bucket's count and window left, in turn. One script run counts them all on a single Redis; on Redis
     * Cluster, where a script's keys must share a hash slot and buckets do not, each bucket is counted by a run of
     * its own, on its own node (the script treats its keys independently, so the answers are the same).
     */
    private Uni<List<Long>> countInWindows(List<String> keys, List<String> windows) {
        if (!cluster) {
            return COUNT_IN_WINDOWS.run(redis, keys, windows).map(RateLimiter::longs);
        }
        List<Uni<List<Long>>> runs = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            runs.add(COUNT_IN_WINDOWS
                    .run(redis, List.of(keys.get(i)), List.of(windows.get(i)))
                    .map(RateLimiter::longs));
        }
        return Uni.join()
                .all(runs)
                .andFailFast()
                .map(answers -> answers.stream().flatMap(List::stream).toList());
    }

    private static List<Long> longs(Response reply) {
        List<Long> values = new ArrayList<>(reply.size());
        for (int i = 0; i < reply.size(); i++) {
            values.add(reply.get(i).toLong());
        }
        return values;
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
