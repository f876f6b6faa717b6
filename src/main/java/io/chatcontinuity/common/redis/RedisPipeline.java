package io.chatcontinuity.common.redis;

import io.chatcontinuity.common.Batcher;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Single-key Redis commands of many requests, pipelined: commands submitted while earlier ones are on their way go
 * out together as one batch on one connection. A burst (every visitor of a restarted pod reconnecting at once) then
 * needs a handful of pooled connections instead of one each, and waits its turn here instead of overflowing the
 * client's pool queue, which answers a burst with {@code ConnectionPoolTooBusyException}. A quiet service sends each
 * command at once, alone, as before.
 *
 * <p>A pipelined batch must go to one node; on Redis Cluster the commands of a batch usually live on different ones,
 * so there each command is sent on its own, and only how many are out at once is bounded here (below the client's
 * pool queue).
 */
@ApplicationScoped
public class RedisPipeline {

    private final Redis redis;
    private final boolean cluster;
    private final Batcher<Request, Response> commands;

    RedisPipeline(
            ReactiveRedisDataSource redis,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis.getRedis();
        this.cluster = "cluster".equalsIgnoreCase(clientType);
        // Standalone: up to 4 pipelines of 256 commands out. Cluster: at most 2 x 64 separate commands out, within the
        // client's default pool queue.
        this.commands = cluster
                ? new Batcher<>(64, 2, Duration.ofSeconds(5), failure -> false, this::sendEach)
                : new Batcher<>(256, 4, Duration.ofSeconds(5), failure -> false, this::sendPipelined);
    }

    /** Sends the command with the others waiting; its reply, or a failure when Redis fails the batch. */
    public Uni<Response> send(Request command) {
        return commands.submit(command);
    }

    /**
     * Sends the command with the others waiting, for a caller that does not wait for the reply (a publish after the
     * request was answered): {@code onFailure} runs, on whichever thread Redis answered, when the batch fails.
     */
    public void sendWithoutWaiting(Request command, Consumer<Throwable> onFailure) {
        commands.submit(command, (reply, failure) -> {
            if (failure != null) {
                onFailure.accept(failure);
            }
        });
    }

    private Uni<List<Response>> sendPipelined(List<Request> batch) {
        return batch.size() == 1 ? redis.send(batch.get(0)).map(Collections::singletonList) : redis.batch(batch);
    }

    private Uni<List<Response>> sendEach(List<Request> batch) {
        return Uni.join().all(batch.stream().map(redis::send).toList()).andFailFast();
    }

    /** Whether the service runs against Redis Cluster ({@code quarkus.redis.client-type=cluster}). */
    public boolean cluster() {
        return cluster;
    }
}
