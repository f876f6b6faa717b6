package io.chatcontinuity.common.localstores;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In dev and test only: makes sure the configured Postgres and Redis answer, starting embedded ones where nothing
 * does, so that {@code ./mvnw quarkus:dev} and {@code ./mvnw verify} work on a machine with only a JDK. Quarkus Dev
 * Services would need a container engine, which such machines (and this project's CI) do not have.
 *
 * <p>The packaged application keeps only this factory, which Quarkus registers at build time, and leaves out
 * {@link LocalStores}, the embedded servers and their libraries (application.properties): in the prod profile this
 * returns before it would load them.
 */
public class LocalStoresConfigSourceFactory implements ConfigSourceFactory {

    /** Above application.properties and the environment: an embedded server replaces an address nothing answers at. */
    private static final int ORDINAL = 500;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (!profiles.contains("dev") && !profiles.contains("test")) {
            return List.of();
        }
        ConfigValue enabled = context.getValue("chat.local-stores.enabled");
        if (enabled != null && "false".equalsIgnoreCase(enabled.getValue())) {
            return List.of();
        }
        Map<String, String> overrides = new HashMap<>();
        String postgresUrl = value(context, "quarkus.datasource.reactive.url");
        if (postgresUrl != null) {
            String resolved = LocalStores.postgresUrl(postgresUrl, value(context, "quarkus.datasource.username"));
            if (!resolved.equals(postgresUrl)) {
                // The embedded Postgres has the user postgres and trusts it.
                overrides.put("quarkus.datasource.reactive.url", resolved);
                overrides.put("quarkus.datasource.username", "postgres");
                overrides.put("quarkus.datasource.password", "");
            }
        }
        String redisHosts = value(context, "quarkus.redis.hosts");
        if (redisHosts != null && !redisHosts.contains(",")) {
            String resolved = LocalStores.redisHosts(redisHosts);
            if (!resolved.equals(redisHosts)) {
                overrides.put("quarkus.redis.hosts", resolved);
            }
        }
        return List.of(new MapBackedConfigSource("chat-local-stores", overrides, ORDINAL) {});
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
