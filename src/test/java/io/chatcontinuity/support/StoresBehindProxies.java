package io.chatcontinuity.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/** Points the service at Postgres and Redis through {@link CuttableProxy}s that fault tests cut and restore. */
public class StoresBehindProxies implements QuarkusTestResourceLifecycleManager {

    public static CuttableProxy postgres;
    public static CuttableProxy redis;

    @Override
    public Map<String, String> start() {
        try {
            postgres = new CuttableProxy(5432);
            redis = new CuttableProxy(6379);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + postgres.port() + "/"
                        + pathOf("_TEST_QUARKUS_DATASOURCE_REACTIVE_URL", "chat_test"),
                "quarkus.redis.hosts", "redis://127.0.0.1:" + redis.port() + "/"
                        + pathOf("_TEST_QUARKUS_REDIS_HOSTS", "1"),
                "quarkus.redis.timeout", "1s");
    }

    /** The database or Redis index of the test profile, as a run may set it in the environment to keep to its own. */
    private static String pathOf(String environmentVariable, String fallback) {
        String url = System.getenv(environmentVariable);
        String path = url == null ? null : URI.create(url).getPath();
        return path == null || path.length() <= 1 ? fallback : path.substring(1);
    }

    @Override
    public void stop() {
        try {
            postgres.close();
            redis.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
