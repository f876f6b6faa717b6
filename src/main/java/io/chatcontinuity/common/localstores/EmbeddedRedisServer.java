package io.chatcontinuity.common.localstores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real Redis from the embedded-redis binaries, for the JVM's lifetime; left out of the packaged application. */
final class EmbeddedRedisServer {

    private EmbeddedRedisServer() {}

    static int start() {
        try {
            int port = freePort();
            RedisServer redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    redis.stop();
                                } catch (IOException ignored) {
                                    // the JVM is exiting
                                }
                            },
                            "embedded-redis-stop"));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an embedded Redis", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
