package io.chatcontinuity.common.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A Lua script run by its SHA-1, so that only its name travels; sent whole the first time Redis lacks it. */
public record RedisScript(String source, String sha) {

    public RedisScript(String source) {
        this(source, sha1(source));
    }

    public Uni<Response> run(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", command(sha, keys, args))
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", command(source, keys, args)));
    }

    private static String[] command(String script, List<String> keys, List<String> args) {
        List<String> command = new ArrayList<>(2 + keys.size() + args.size());
        command.add(script);
        command.add(Integer.toString(keys.size()));
        command.addAll(keys);
        command.addAll(args);
        return command.toArray(String[]::new);
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", impossible);
        }
    }
}
