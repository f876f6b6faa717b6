package io.chatcontinuity.support;

import io.chatcontinuity.common.localstores.LocalStores;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Several instances of the packaged service ({@code target/quarkus-app/quarkus-run.jar}, profile {@code prod}) on
 * loopback, sharing one Postgres database and one Redis index, configured only as an operator would: through the
 * contract's environment variables. For {@code *IT} tests, which Maven runs after packaging. The stores are the
 * machine's, or where none answers embedded ones that this JVM starts ({@link LocalStores}): the packaged service
 * embeds none, so it is pointed at them.
 */
public final class ServiceInstances implements AutoCloseable {

    public static final String ADMIN_TOKEN = "it-admin-token";
    /** A run may keep to a database and Redis index of its own (parallel runs on one machine). */
    private static final String POSTGRES =
            "postgresql://127.0.0.1:5432/" + System.getenv().getOrDefault("CHAT_IT_DATABASE", "chat_it");

    private static final String REDIS =
            "redis://127.0.0.1:6379/" + System.getenv().getOrDefault("CHAT_IT_REDIS_INDEX", "3");
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    /** One running instance; {@code url} is its base URL. */
    public record Instance(String url, Process process) {

        /** A request to this instance. */
        public RequestSpecification request() {
            return RestAssured.given().baseUri(url);
        }

        /** A new app (through the operator API) with {@code settings} over the defaults; answers the creation body. */
        public JsonPath createApp(String name, Map<String, Object> settings) {
            return request()
                    .auth()
                    .oauth2(ADMIN_TOKEN)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "name", name, "allowedOrigins", List.of("https://shop.example.com"), "settings", settings))
                    .post("/v1/admin/apps")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
        }

        /** The chat token of a new anonymous session of {@code appId}. */
        public String newSessionToken(String appId) {
            return request()
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .post("/v1/apps/" + appId + "/sessions")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("token");
        }

        /** Posts a visitor's message with the chat token {@code token}; answers the response, whatever its status. */
        public Response postMessage(String token, String clientMessageId, String text) {
            return request()
                    .auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("clientMessageId", clientMessageId, "text", text))
                    .post("/v1/sessions/current/messages");
        }
    }

    private final List<Instance> instances = new ArrayList<>();

    private ServiceInstances() {}

    /** Starts {@code count} instances and waits until each answers ready. */
    public static ServiceInstances start(int count) {
        return start(count, Map.of());
    }

    /** As {@link #start(int)}, with more (or other) environment variables for every instance. */
    public static ServiceInstances start(int count, Map<String, String> extraEnv) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after `./mvnw package`");
        }
        String postgres = LocalStores.postgresUrl(POSTGRES, "postgres");
        String redis = LocalStores.redisHosts(REDIS);
        ServiceInstances started = new ServiceInstances();
        try {
            for (int i = 0; i < count; i++) {
                started.instances.add(launch(postgres, redis, extraEnv));
            }
            for (Instance instance : started.instances) {
                awaitReady(instance);
            }
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    public Instance get(int index) {
        return instances.get(index);
    }

    private static Instance launch(String postgres, String redis, Map<String, String> extraEnv) {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xmx256m", "-jar", JAR.toString());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "");
        env.put("QUARKUS_REDIS_HOSTS", redis);
        env.put("CHAT_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("CHAT_TOKEN_KEYS", testKeys());
        env.put("CHAT_TOKEN_ACTIVE_KID", "test-es256-2026");
        // Short heartbeats so that tests see a stream's session checks without waiting long.
        env.put("CHAT_CONVERSATIONS_HEARTBEAT", "1s");
        env.put("QUARKUS_SHUTDOWN_DELAY", "0s");
        env.putAll(extraEnv);
        Path log = Path.of("target", "it-instance-" + port + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            return new Instance("http://127.0.0.1:" + port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start an instance", e);
        }
    }

    private static void awaitReady(Instance instance) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!instance.process().isAlive()) {
                throw new IllegalStateException("An instance exited at start-up; see target/it-instance-<port>.log");
            }
            try {
                HttpResponse<Void> ready = client.send(
                        HttpRequest.newBuilder(URI.create(instance.url() + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("An instance did not become ready; see target/it-instance-<port>.log");
    }

    private static String testKeys() {
        try {
            return Files.readString(Path.of("src", "test", "resources", "test-token-keys.jwks.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every instance with SIGTERM, as Kubernetes would, and waits for each to exit. */
    @Override
    public void close() {
        for (Instance instance : instances) {
            instance.process().destroy();
        }
        for (Instance instance : instances) {
            try {
                if (!instance.process().waitFor(30, TimeUnit.SECONDS)) {
                    instance.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
