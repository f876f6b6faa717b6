package io.chatcontinuity.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real three-master Redis Cluster on loopback for integration tests: {@code redis-server --cluster-enabled yes} on
 * three ports (from {@code CHAT_IT_REDIS_CLUSTER_PORT}, default 18701, and the two after it; their cluster bus ports
 * are 10000 higher), joined by {@code redis-cli --cluster create}. Closing stops the servers and deletes their files.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final int FIRST_PORT =
            Integer.parseInt(System.getenv().getOrDefault("CHAT_IT_REDIS_CLUSTER_PORT", "18701"));

    private final Path directory;
    private final List<Process> servers = new ArrayList<>();
    private final List<Integer> ports = List.of(FIRST_PORT, FIRST_PORT + 1, FIRST_PORT + 2);

    private LocalRedisCluster(Path directory) {
        this.directory = directory;
    }

    /** Whether {@code redis-server} and {@code redis-cli} are installed. */
    public static boolean installed() {
        return run(Duration.ofSeconds(5), "redis-server", "--version")
                && run(Duration.ofSeconds(5), "redis-cli", "--version");
    }

    public static LocalRedisCluster start() {
        LocalRedisCluster cluster;
        try {
            cluster = new LocalRedisCluster(Files.createTempDirectory("chat-redis-cluster"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            cluster.startServers();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The service's {@code QUARKUS_REDIS_HOSTS} for this cluster. */
    public String hosts() {
        return String.join(
                ",", ports.stream().map(port -> "redis://127.0.0.1:" + port).toList());
    }

    public List<Integer> ports() {
        return ports;
    }

    /** A command's output from one node, through redis-cli. */
    public String cli(int port, String... command) {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        args.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return out.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startServers() {
        for (int port : ports) {
            try {
                servers.add(new ProcessBuilder(
                                "redis-server",
                                "--port",
                                Integer.toString(port),
                                "--bind",
                                "127.0.0.1",
                                "--cluster-enabled",
                                "yes",
                                "--cluster-config-file",
                                "nodes-" + port + ".conf",
                                "--dir",
                                directory.toString(),
                                "--save",
                                "",
                                "--appendonly",
                                "no")
                        .redirectErrorStream(true)
                        .redirectOutput(
                                directory.resolve("redis-" + port + ".log").toFile())
                        .start());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start redis-server on " + port, e);
            }
        }
        for (int port : ports) {
            awaitUntil(() -> "PONG".equals(cli(port, "ping")), "redis-server on " + port + " answers");
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(port -> create.add("127.0.0.1:" + port));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        if (!run(Duration.ofSeconds(30), create.toArray(String[]::new))) {
            throw new IllegalStateException("redis-cli --cluster create failed (ports " + ports + " in use?)");
        }
        for (int port : ports) {
            awaitUntil(() -> cli(port, "cluster", "info").contains("cluster_state:ok"), "the cluster is ok on " + port);
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean run(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        servers.forEach(Process::destroy);
        for (Process server : servers) {
            try {
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
