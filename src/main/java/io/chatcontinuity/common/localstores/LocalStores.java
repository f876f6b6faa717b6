package io.chatcontinuity.common.localstores;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks the dev/test Postgres and Redis addresses once per JVM. A Postgres that answers gets the configured database
 * created if it is missing; an address where nothing answers gets an embedded server, and the config overrides that
 * point the service at it.
 */
final class LocalStores {

    private static final Logger LOG = Logger.getLogger(LocalStores.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 500;
    private static Map<String, String> overrides;

    private LocalStores() {
    }

    /**
     * Dev mode builds the application in one class loader and runs it in another, each with its own copy of this
     * class; the servers started by the first are handed to the second through system properties.
     */
    private static final String STARTED = "chat.local-stores.started";

    static synchronized Map<String, String> ensure(String postgresUrl, String username, String redisHosts) {
        if (overrides == null && System.getProperty(STARTED) != null) {
            overrides = decode(System.getProperty(STARTED));
        }
        if (overrides == null) {
            Map<String, String> result = new HashMap<>();
            if (postgresUrl != null) {
                result.putAll(ensurePostgres(URI.create(postgresUrl), username == null ? "postgres" : username));
            }
            if (redisHosts != null && !redisHosts.contains(",")) {
                result.putAll(ensureRedis(URI.create(redisHosts)));
            }
            overrides = Map.copyOf(result);
            System.setProperty(STARTED, encode(overrides));
        }
        return overrides;
    }

    private static String encode(Map<String, String> values) {
        StringBuilder encoded = new StringBuilder();
        values.forEach((key, value) -> encoded.append(key).append('\u0001').append(value).append('\u0002'));
        return encoded.toString();
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String entry : encoded.split("\u0002")) {
            if (!entry.isEmpty()) {
                String[] pair = entry.split("\u0001", 2);
                values.put(pair[0], pair[1]);
            }
        }
        return Map.copyOf(values);
    }

    private static Map<String, String> ensurePostgres(URI url, String username) {
        String database = url.getPath() == null || url.getPath().length() <= 1 ? "postgres" : url.getPath().substring(1);
        int port = url.getPort() < 0 ? 5432 : url.getPort();
        if (answers(url.getHost(), port)) {
            createDatabaseIfMissing("jdbc:postgresql://" + url.getHost() + ":" + port + "/postgres", username, "", database);
            return Map.of();
        }
        int embeddedPort = EmbeddedPostgresServer.start();
        createDatabaseIfMissing("jdbc:postgresql://127.0.0.1:" + embeddedPort + "/postgres", "postgres", "", database);
        LOG.infof("No Postgres answered at %s:%d; started an embedded Postgres on 127.0.0.1:%d", url.getHost(), port,
                embeddedPort);
        return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + embeddedPort + "/" + database,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "");
    }

    private static Map<String, String> ensureRedis(URI url) {
        int port = url.getPort() < 0 ? 6379 : url.getPort();
        if (answers(url.getHost(), port)) {
            return Map.of();
        }
        int embeddedPort = EmbeddedRedisServer.start();
        LOG.infof("No Redis answered at %s:%d; started an embedded Redis on 127.0.0.1:%d", url.getHost(), port,
                embeddedPort);
        String path = url.getPath() == null ? "" : url.getPath();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + embeddedPort + path);
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void createDatabaseIfMissing(String adminJdbcUrl, String username, String password, String database) {
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, username, password);
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    connection.createStatement().execute("create database \"" + database.replace("\"", "\"\"") + "\"");
                    LOG.infof("Created the database %s", database);
                }
            }
        } catch (SQLException e) {
            LOG.warnf("Could not make sure the database %s exists: %s", database, e.getMessage());
        }
    }
}
