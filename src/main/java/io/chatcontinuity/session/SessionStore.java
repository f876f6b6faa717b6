package io.chatcontinuity.session;

import io.chatcontinuity.common.Batcher;
import io.chatcontinuity.common.redis.RedisPipeline;
import io.chatcontinuity.common.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live sessions in Redis: one hash per session, expiring with the session's idle or token lifetime, and the epoch
 * marker that tells a session Redis lost from one it forgot. The scripts here make each write one round trip.
 *
 * <p>The keys of one script must share a hash slot on Redis Cluster: every script here touches one key there (new
 * sessions are counted and saved in separate steps, see {@link #createAllOnCluster}).
 */
@ApplicationScoped
public class SessionStore {

    static final String EPOCH_KEY = "chat:epoch";

    /**
     * KEYS[1] the session; ARGV[1] its time to live in seconds, then its fields and values. A session Redis holds as
     * ended is left as it is, so that no write from a request that read it earlier can bring it back.
     */
    private static final RedisScript SAVE = new RedisScript("""
            if redis.call('HGET', KEYS[1], 'ended') == '1' then return 0 end
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            return 1
            """);

    /**
     * Counts creations in their callers' rate-limit windows (as {@code RateLimiter} does) and saves each new session
     * that is within its limit, for all the creations of a batch at once; makes sure the epoch marker exists. KEYS[1]
     * the epoch marker, then for each creation its counter and its session; ARGV[1] now in epoch ms, then for each
     * creation the window in ms, the limit, the session's time to live in seconds, how many field and value arguments
     * follow, and those. Answers one number per creation, in order: -1 when saved, or the ms left in the window when
     * over the limit (nothing is saved then).
     */
    private static final RedisScript COUNT_AND_CREATE = new RedisScript("""
            redis.call('SET', KEYS[1], ARGV[1], 'NX')
            local answers = {}
            local a = 2
            for k = 2, #KEYS, 2 do
                local fields = tonumber(ARGV[a + 3])
                local n = redis.call('INCR', KEYS[k])
                if n == 1 then redis.call('PEXPIRE', KEYS[k], ARGV[a]) end
                if n > tonumber(ARGV[a + 1]) then
                    answers[#answers + 1] = redis.call('PTTL', KEYS[k])
                else
                    redis.call('HSET', KEYS[k + 1], unpack(ARGV, a + 4, a + 3 + fields))
                    redis.call('EXPIRE', KEYS[k + 1], ARGV[a + 2])
                    answers[#answers + 1] = -1
                end
                a = a + 4 + fields
            end
            return answers
            """);

    /**
     * One creation counted in its window, on Redis Cluster: KEYS[1] the counter; ARGV[1] the window in ms, ARGV[2] the
     * limit. Answers -1 within the limit, else the ms left in the window.
     */
    private static final RedisScript COUNT_ONE = new RedisScript("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            if n > tonumber(ARGV[2]) then return redis.call('PTTL', KEYS[1]) end
            return -1
            """);

    /** A new session to save within its creator's rate limit. */
    private record Creation(LiveSession session, Duration ttl, String rateKey, int limit, Duration window) {}

    /** KEYS[1] the epoch marker; ARGV[1] now in epoch ms. Answers the marker, setting it to now when it is missing. */
    private static final RedisScript EPOCH = new RedisScript("""
            local epoch = redis.call('GET', KEYS[1])
            if epoch then return epoch end
            redis.call('SET', KEYS[1], ARGV[1])
            return ARGV[1]
            """);

    private static final String[] STATE_FIELDS = {"st.open", "st.hiddenUntil", "st.sound"};

    private final ReactiveRedisDataSource redis;
    private final RedisPipeline pipeline;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keys;
    /**
     * Creations that arrive while one is on its way to Redis share the next round trip: new sessions come in bursts
     * (every first page view of a visitor), and the fixed cost of a command, in the client and in Redis, is larger
     * than the script's work for one session.
     */
    private final Batcher<Creation, Duration> creations =
            new Batcher<>(64, 2, Duration.ofSeconds(5), failure -> false, this::createAll);

    SessionStore(ReactiveRedisDataSource redis, RedisPipeline pipeline) {
        this.redis = redis;
        this.pipeline = pipeline;
        this.hashes = redis.hash(String.class, String.class, String.class);
        this.keys = redis.key(String.class);
    }

    static String key(String sessionId) {
        return "chat:session:" + sessionId;
    }

    /**
     * The session, or null when Redis does not hold it (never written, expired, or Redis lost it). Pipelined with the
     * other requests' reads: a reconnect storm reads thousands of sessions at once.
     */
    public Uni<LiveSession> find(String sessionId) {
        Request read = Request.cmd(Command.HMGET).arg(key(sessionId));
        for (String field : LiveSession.FIELDS) {
            read.arg(field);
        }
        return pipeline.send(read).map(reply -> {
            Map<String, String> hash = new HashMap<>();
            for (int i = 0; i < LiveSession.FIELDS.size(); i++) {
                Response value = reply.get(i);
                if (value != null) {
                    hash.put(LiveSession.FIELDS.get(i), value.toString());
                }
            }
            return LiveSession.fromHash(sessionId, hash);
        });
    }

    /** Whether Redis holds the session as ended; pipelined, for the periodic checks of open event streams. */
    public Uni<Boolean> ended(String sessionId) {
        return pipeline.send(Request.cmd(Command.HGET).arg(key(sessionId)).arg("ended"))
                .map(reply -> reply != null && "1".equals(reply.toString()));
    }

    /** The session's widget state; the initial state when Redis holds none. */
    public Uni<WidgetState> state(String sessionId) {
        return hashes.hmget(key(sessionId), STATE_FIELDS).map(WidgetState::fromHash);
    }

    public Uni<Void> saveState(String sessionId, WidgetState state) {
        return hashes.hset(key(sessionId), state.toHash()).replaceWithVoid();
    }

    /**
     * Writes who the session belongs to (its widget state is left as it is) and sets its time to live, unless Redis
     * holds it as ended.
     */
    public Uni<Void> save(LiveSession session, Duration ttl) {
        List<String> args = new ArrayList<>();
        args.add(seconds(ttl));
        addFields(args, session);
        return SAVE.run(redis, List.of(key(session.id())), args).replaceWithVoid();
    }

    /**
     * Counts the creation in {@code rateKey}'s window and, within {@code limit}, saves the new session: one round trip,
     * shared with the creations that arrive meanwhile. Answers null when saved, or how long the window has left when
     * over the limit (nothing is saved then).
     */
    Uni<Duration> createWithinLimit(LiveSession session, Duration ttl, String rateKey, int limit, Duration window) {
        return creations.submit(new Creation(session, ttl, rateKey, limit, window));
    }

    private Uni<List<Duration>> createAll(List<Creation> batch) {
        if (pipeline.cluster()) {
            return createAllOnCluster(batch);
        }
        List<String> keys = new ArrayList<>(1 + 2 * batch.size());
        List<String> args = new ArrayList<>();
        keys.add(EPOCH_KEY);
        args.add(Long.toString(Instant.now().toEpochMilli()));
        for (Creation creation : batch) {
            keys.add(creation.rateKey());
            keys.add(key(creation.session().id()));
            Map<String, String> fields = creation.session().toHash();
            args.add(Long.toString(creation.window().toMillis()));
            args.add(Integer.toString(creation.limit()));
            args.add(seconds(creation.ttl()));
            args.add(Integer.toString(2 * fields.size()));
            fields.forEach((field, value) -> {
                args.add(field);
                args.add(value);
            });
        }
        return COUNT_AND_CREATE.run(redis, keys, args).map(reply -> {
            List<Duration> answers = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                long answer = reply.get(i).toLong();
                answers.add(answer < 0 ? null : Duration.ofMillis(answer));
            }
            return answers;
        });
    }

    /**
     * {@link #createAll} on Redis Cluster, where the counter, the session and the epoch marker live in different
     * slots: the marker is made sure of first, then each creation is counted and, within its limit, saved. The limit
     * is as exact as on a single Redis; only the two steps of one creation are no longer one script run.
     */
    private Uni<List<Duration>> createAllOnCluster(List<Creation> batch) {
        String now = Long.toString(Instant.now().toEpochMilli());
        return redis.execute("SET", EPOCH_KEY, now, "NX")
                .chain(() -> Uni.join()
                        .all(batch.stream()
                                .map(creation -> COUNT_ONE
                                        .run(
                                                redis,
                                                List.of(creation.rateKey()),
                                                List.of(
                                                        Long.toString(creation.window()
                                                                .toMillis()),
                                                        Integer.toString(creation.limit())))
                                        .chain(reply -> {
                                            long answer = reply.toLong();
                                            return answer >= 0
                                                    ? Uni.createFrom().item(Duration.ofMillis(answer))
                                                    : save(creation.session(), creation.ttl())
                                                            .replaceWith((Duration) null);
                                        }))
                                .toList())
                        .andFailFast());
    }

    /**
     * The epoch marker: when this Redis last started without the marker, which is to say empty, flushed or having
     * lost data, as far as anything written by this service can tell. Set at once when it is missing.
     */
    Uni<Instant> epoch() {
        return EPOCH.run(
                        redis,
                        List.of(EPOCH_KEY),
                        List.of(Long.toString(Instant.now().toEpochMilli())))
                .map(reply -> Instant.ofEpochMilli(Long.parseLong(reply.toString())));
    }

    /** Notes when Postgres last heard that the session is in use. */
    Uni<Void> markSeenInPostgres(String sessionId, Instant at) {
        return hashes.hset(key(sessionId), "pgSeen", Long.toString(at.getEpochSecond()))
                .replaceWithVoid();
    }

    /** Restarts the session's timer; pipelined, as every stream of a reconnect storm keeps its session alive. */
    public Uni<Void> expire(String sessionId, Duration ttl) {
        return pipeline.send(Request.cmd(Command.EXPIRE).arg(key(sessionId)).arg(Math.max(1, ttl.toSeconds())))
                .replaceWithVoid();
    }

    public Uni<Void> delete(String sessionId) {
        return keys.del(key(sessionId)).replaceWithVoid();
    }

    private static void addFields(List<String> args, LiveSession session) {
        session.toHash().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
    }

    private static String seconds(Duration ttl) {
        return Long.toString(Math.max(1, ttl.toSeconds()));
    }
}
