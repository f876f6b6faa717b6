package io.chatcontinuity.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.chatcontinuity.common.localstores.LocalStores;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Points the service at Postgres and Redis through {@link CuttableProxy}s that fault tests cut and restore. The
 * proxies front the stores the test profile really uses: the machine's, or the embedded ones started where none
 * answers ({@link LocalStores}).
 */
public class StoresBehindProxies implements QuarkusTestResourceLifecycleManager {

    public static CuttableProxy postgres;
    public static CuttableProxy redis;
    /** The Redis behind {@link #redis}, for a test that acts behind the service's back. */
    public static String redisBehind;

    @Override
    public Map<String, String> start() {
        SmallRyeConfig profile = testProfile();
        URI postgresTarget = URI.create(LocalStores.postgresUrl(
                profile.getValue("quarkus.datasource.reactive.url", String.class),
                profile.getOptionalValue("quarkus.datasource.username", String.class)
                        .orElse(null)));
        redisBehind = LocalStores.redisHosts(profile.getValue("quarkus.redis.hosts", String.class));
        URI redisTarget = URI.create(redisBehind);
        try {
            postgres = new CuttableProxy(postgresTarget.getHost(), postgresTarget.getPort());
            redis = new CuttableProxy(redisTarget.getHost(), redisTarget.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + postgres.port() + postgresTarget.getPath(),
                "quarkus.redis.hosts",
                "redis://127.0.0.1:" + redis.port() + redisTarget.getPath(),
                "quarkus.redis.timeout",
                "1s");
    }

    /** Ends any outage a test made and waits until the service is ready again, so that the next test starts whole. */
    public static void restoreAndAwaitReady() {
        postgres.restore();
        redis.restore();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    /** The test profile's own configuration: application.properties, the environment and system properties. */
    private static SmallRyeConfig testProfile() {
        try {
            return new SmallRyeConfigBuilder()
                    .withProfile("test")
                    .addDefaultInterceptors()
                    .addDefaultSources()
                    .withSources(new PropertiesConfigSource(
                            StoresBehindProxies.class.getClassLoader().getResource("application.properties"), 250))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
