package io.chatcontinuity.common.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.problem.ProblemType;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shared counters against the real Redis: exact when asked to wait, and decided locally then counted when not. */
@QuarkusTest
class RateLimiterTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    RateLimiter limiter;

    @Inject
    RedisDataSource redis;

    @Test
    void acquireCountsEveryAttemptInRedisAndRefusesPastTheLimitWithTheWindowsRest() {
        String bucket = bucket();
        for (int i = 0; i < 3; i++) {
            limiter.acquire(bucket, 3, WINDOW).await().atMost(WAIT);
        }

        ProblemException refused = refusal(limiter.acquire(bucket, 3, WINDOW));

        assertEquals(ProblemType.RATE_LIMITED, refused.type());
        assertTrue(refused.retryAfter().compareTo(WINDOW) <= 0
                && refused.retryAfter().toSeconds() >= 1);
        assertEquals(4, counted(bucket));
    }

    @Test
    void admitRefusesPastTheLimitAndCountsEveryAdmittedAttemptInRedis() {
        String bucket = bucket();
        for (int i = 0; i < 5; i++) {
            limiter.admit(WINDOW, new RateLimiter.Limit(bucket, 5)).await().atMost(WAIT);
        }

        ProblemException refused = refusal(limiter.admit(WINDOW, new RateLimiter.Limit(bucket, 5)));

        assertTrue(refused.retryAfter().compareTo(WINDOW) <= 0
                && refused.retryAfter().toSeconds() >= 1);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(5, counted(bucket)));
    }

    @Test
    void admitAsksRedisAboutABucketThisInstanceHasNotCountedYet() {
        String bucket = bucket();
        redis.value(Long.class).setex(RateLimiter.key(bucket), 60, 5L);

        refusal(limiter.admit(WINDOW, new RateLimiter.Limit(bucket, 5)));
    }

    @Test
    void admitLearnsOtherInstancesAttemptsFromTheAnswersToItsOwnCounts() {
        String bucket = bucket();
        RateLimiter.Limit limit = new RateLimiter.Limit(bucket, 5);
        limiter.admit(WINDOW, limit).await().atMost(WAIT);
        redis.value(Long.class).incrby(RateLimiter.key(bucket), 10); // other instances' attempts

        // Not known here yet: admitted, and its count brings the news.
        limiter.admit(WINDOW, limit).await().atMost(WAIT);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(12, counted(bucket)));

        await().atMost(WAIT).untilAsserted(() -> refusal(limiter.admit(WINDOW, limit)));
    }

    @Test
    void anAttemptOverOneOfItsLimitsTakesNothingFromTheOthers() {
        RateLimiter.Limit roomy = new RateLimiter.Limit(bucket(), 10);
        RateLimiter.Limit tight = new RateLimiter.Limit(bucket(), 1);
        limiter.admit(WINDOW, roomy, tight).await().atMost(WAIT);

        refusal(limiter.admit(WINDOW, roomy, tight));
        refusal(limiter.admit(WINDOW, roomy, tight));

        for (int i = 0; i < 9; i++) {
            limiter.admit(WINDOW, roomy).await().atMost(WAIT);
        }
        await().atMost(WAIT).untilAsserted(() -> assertEquals(10, counted(roomy.bucket())));
    }

    @Test
    void admitAtOnceLeavesAnUnknownBucketToRedisThenDecidesFromTheKnownWindow() {
        RateLimiter.Limit limit = new RateLimiter.Limit(bucket(), 3);
        assertFalse(limiter.admitAtOnce(WINDOW, limit), "not known here yet: Redis decides");
        limiter.admit(WINDOW, limit).await().atMost(WAIT);

        assertTrue(limiter.admitAtOnce(WINDOW, limit));
        assertTrue(limiter.admitAtOnce(WINDOW, limit));
        ProblemException refused = assertThrows(ProblemException.class, () -> limiter.admitAtOnce(WINDOW, limit));

        assertEquals(ProblemType.RATE_LIMITED, refused.type());
        await().atMost(WAIT).untilAsserted(() -> assertEquals(3, counted(limit.bucket())));
    }

    private static String bucket() {
        return "test:" + UUID.randomUUID();
    }

    private long counted(String bucket) {
        Long count = redis.value(Long.class).get(RateLimiter.key(bucket));
        return count == null ? 0 : count;
    }

    private static ProblemException refusal(Uni<Void> attempt) {
        return assertThrows(ProblemException.class, () -> attempt.await().atMost(WAIT));
    }
}
