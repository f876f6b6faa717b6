package io.chatcontinuity.common.localstores;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * The Postgres and Redis that dev mode and the tests really use. A configured address where something answers is
 * used as it is (a Postgres there gets the database created if it is missing); one where nothing answers gets an
 * embedded server instead, started once per JVM and address. Besides {@link LocalStoresConfigSourceFactory}, the
 * test suite asks this class, so that its proxies and its packaged instances use the same stores.
 */
public final class LocalStores {

    private static final Logger LOG = Logger.getLogger(LocalStores.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 500;
    /**
     * Answers are remembered in system properties: dev mode and tests load this class in more than one class loader,
     * and each must find the servers that another started, and not ask again on every configuration build.
     */
    private static final String RESOLVED = "chat.local-stores.resolved.";

    private static final String EMBEDDED = "chat.local-stores.embedded.";

    private LocalStores() {}

    /** The reactive URL to use for {@code url} ({@code postgresql://host:port/database}): itself or an embedded one. */
    public static synchronized String postgresUrl(String url, String username) {
        String resolved = System.getProperty(RESOLVED + url);
        if (resolved == null) {
            resolved = resolvePostgres(URI.create(url), username == null ? "postgres" : username);
            System.setProperty(RESOLVED + url, resolved);
        }
        return resolved;
    }

    /** The Redis address to use for {@code hosts} ({@code redis://host:port/index}): itself or an embedded one. */
    public static synchronized String redisHosts(String hosts) {
        String resolved = System.getProperty(RESOLVED + hosts);
        if (resolved == null) {
            resolved = resolveRedis(URI.create(hosts));
            System.setProperty(RESOLVED + hosts, resolved);
        }
        return resolved;
    }

    private static String resolvePostgres(URI url, String username) {
        String path = url.getPath();
        String database = path == null || path.length() <= 1 ? "postgres" : path.substring(1);
        int port = url.getPort() < 0 ? 5432 : url.getPort();
        String address = url.getHost() + ":" + port;
        if (answers(url.getHost(), port)) {
            createDatabaseIfMissing("jdbc:postgresql://" + address + "/postgres", username, database);
            return url.toString();
        }
        int embeddedPort = embedded("Postgres", address, EmbeddedPostgresServer::start);
        createDatabaseIfMissing("jdbc:postgresql://127.0.0.1:" + embeddedPort + "/postgres", "postgres", database);
        return "postgresql://127.0.0.1:" + embeddedPort + "/" + database;
    }

    private static String resolveRedis(URI url) {
        int port = url.getPort() < 0 ? 6379 : url.getPort();
        if (answers(url.getHost(), port)) {
            return url.toString();
        }
        int embeddedPort = embedded("Redis", url.getHost() + ":" + port, EmbeddedRedisServer::start);
        return "redis://127.0.0.1:" + embeddedPort + (url.getPath() == null ? "" : url.getPath());
    }

    /** The port of the embedded server standing in for {@code address}, started on first use. */
    private static int embedded(String name, String address, IntSupplier start) {
        String key = EMBEDDED + name + "." + address;
        String known = System.getProperty(key);
        if (known != null) {
            return Integer.parseInt(known);
        }
        int port = start.getAsInt();
        System.setProperty(key, Integer.toString(port));
        LOG.infof("No %s answered at %s; started an embedded %s on 127.0.0.1:%d", name, address, name, port);
        return port;
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void createDatabaseIfMissing(String adminJdbcUrl, String username, String database) {
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, username, "");
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
