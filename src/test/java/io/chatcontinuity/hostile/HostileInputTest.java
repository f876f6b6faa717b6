package io.chatcontinuity.hostile;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatcontinuity.hostile.HostileRequests.Request;
import io.chatcontinuity.hostile.OpenApiOperations.Operation;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * Sends thousands of seeded, generated hostile requests to every operation of the service's own OpenAPI document
 * (so that a new endpoint is covered without a change here) and checks what the contract promises of each answer:
 * no 5xx (no store is down during the run), every 4xx a problem of the contract's types, no stack trace, SQL or
 * class name in any body, no answer slower than 10 s, no defect logged, and the service still ready afterwards.
 *
 * <p>What it knows of the API is generic: good values by parameter name, one good example body per operation that
 * takes one (mutated into hostile ones; an operation without an example gets its schema's shape or an empty object),
 * and which credential an operation takes, found out by trying each kind. Rate limits are raised for this test only,
 * so that most requests reach validation. The seed is printed; {@code -Dhostile.seed=N} replays a run.
 */
@QuarkusTest
@TestProfile(HostileInputTest.GenerousLimits.class)
class HostileInputTest {

    /** Rate limits so high that the run reaches validation rather than 429s. */
    public static class GenerousLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.sessions.creation-limit",
                    "1000000",
                    "chat.identity.attempt-limit",
                    "1000000",
                    "chat.conversations.session-post-limit",
                    "1000000",
                    "chat.conversations.address-post-limit",
                    "1000000");
        }
    }

    private static final int TOTAL_REQUESTS = 10_000;
    private static final int MIN_PER_OPERATION = 300;
    private static final int SESSIONS = 8;
    private static final int SENDERS = 6;
    private static final Duration MAX_ANSWER_TIME = Duration.ofSeconds(10);
    private static final String ANALYTICS_TOKEN_OF_SESSION = "<the session's analytics token>";

    private static final Set<String> CONTRACT_TYPES = Set.of(
            "/problems/invalid-request",
            "/problems/invalid-tc-string",
            "/problems/unauthorized",
            "/problems/forbidden",
            "/problems/consent-required",
            "/problems/identity-required",
            "/problems/not-found",
            "/problems/conflict",
            "/problems/payload-too-large",
            "/problems/rate-limited");
    /** What would betray the implementation: stack frames, exception names, Postgres errors, Java class names. */
    private static final Pattern LEAK = Pattern.compile("\\tat |\\bat [a-z]+\\.[a-z]+\\.[A-Za-z.$]+\\(|Exception\\b"
            + "|\\.java:\\d|SQLSTATE|ERROR: |syntax error at or near|violates [a-z ]*constraint|relation \""
            + "|\\b(java|javax|jakarta|io\\.vertx|io\\.quarkus|io\\.smallrye|io\\.netty|org\\.hibernate|org\\.jboss"
            + "|com\\.fasterxml|io\\.chatcontinuity)\\.[a-z]+\\.");

    private enum CredentialKind {
        CHAT,
        API_KEY,
        ADMIN
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String[]> sessions = Collections.synchronizedList(new ArrayList<>());
    private String appId;
    private String apiKey;

    @Test
    void noGeneratedHostileRequestBreaksTheService() throws Exception {
        long seed = Long.getLong("hostile.seed", System.nanoTime());
        String openApi = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<Operation> operations = OpenApiOperations.read(openApi);
        assertTrue(operations.size() >= 20, "the OpenAPI document lists " + operations.size() + " operations");

        HostileRequests generator = prepare(seed, json.readTree(openApi));
        Map<Operation, CredentialKind> credentials = new ConcurrentHashMap<>();
        for (Operation operation : operations) {
            credentials.put(operation, credentialOf(operation, generator.wellFormedPath(operation)));
        }
        int perOperation = Math.max(MIN_PER_OPERATION, (TOTAL_REQUESTS + operations.size() - 1) / operations.size());
        List<Request> requests = new ArrayList<>();
        for (Operation operation : operations) {
            for (int i = 0; i < perOperation; i++) {
                requests.add(generator.next(operation));
            }
        }
        Collections.shuffle(requests, new Random(seed));

        DefectLog defects = DefectLog.install();
        Outcomes outcomes = new Outcomes();
        long started = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Request request : requests) {
                sent.add(senders.submit(() -> outcomes.record(request, send(request, credentials))));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdownNow();
            defects.uninstall();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.println(outcomes.summary(seed, took, credentials));
        assertTrue(requests.size() >= 10_000, "only " + requests.size() + " requests");
        assertTrue(
                outcomes.failures.isEmpty(),
                outcomes.failures.size() + " answers broke the contract (seed "
                        + seed + "), for example:\n"
                        + String.join("\n", outcomes.failures.subList(0, Math.min(15, outcomes.failures.size()))));
        assertTrue(defects.records.isEmpty(), "defects logged: " + defects.records);
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** Two apps (the second one foreign), sessions, a conversation, a user, and credentials good and bad. */
    private HostileRequests prepare(long seed, JsonNode document) {
        JsonPath app = TestApps.create();
        appId = app.getString("appId");
        apiKey = app.getString("apiKey");
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(newSession());
        }
        String chatToken = sessions.get(0)[0];
        given().auth()
                .oauth2(chatToken)
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "hostile-1", "text", "hello"))
                .post("/v1/sessions/current/messages")
                .then()
                .statusCode(201);
        String conversationId = given().auth()
                .oauth2(chatToken)
                .get("/v1/sessions/current")
                .then()
                .statusCode(200)
                .extract()
                .path("conversationId");
        given().auth()
                .oauth2(apiKey)
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "u-hostile"))
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(201);
        JsonPath sacrificed = given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .post("/v1/admin/apps/" + appId + "/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        JsonPath revoked = given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .post("/v1/admin/apps/" + appId + "/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .delete("/v1/admin/apps/" + appId + "/api-keys/" + revoked.getString("keyId"))
                .then()
                .statusCode(204);
        String loggedOut = newSession()[0];
        given().auth().oauth2(loggedOut).delete("/v1/sessions/current").then().statusCode(204);

        JsonPath foreign = TestApps.create();
        String foreignToken = given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + foreign.getString("appId") + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String foreignConversation = given().auth()
                .oauth2(foreignToken)
                .get("/v1/sessions/current")
                .then()
                .statusCode(200)
                .extract()
                .path("conversationId");

        String expired = TestTokens.resign(chatToken, TestTokens.ACTIVE_KID, "ES256", claims -> {
            claims.setIssuedAt(
                    NumericDate.fromSeconds(Instant.now().minusSeconds(7_200).getEpochSecond()));
            claims.setExpirationTime(
                    NumericDate.fromSeconds(Instant.now().minusSeconds(3_600).getEpochSecond()));
        });
        String[] parts = chatToken.split("\\.");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                                .replace(appId, foreign.getString("appId"))
                                .getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        List<String> hostileCredentials = List.of(
                "Bearer " + foreign.getString("apiKey"),
                "Bearer " + foreignToken,
                "Bearer " + expired,
                "Bearer " + loggedOut,
                "Bearer " + revoked.getString("apiKey"),
                "Bearer " + TestTokens.unsigned(chatToken),
                "Bearer " + TestTokens.hs256UnderEcKid(chatToken),
                "Bearer " + tampered,
                "Bearer ck_" + "A".repeat(43),
                "Bearer wrong-admin-token",
                "Basic dXNlcjpwYXNz",
                "Bearer",
                "Bearer " + "a".repeat(5_000),
                "bearer    x.y.z",
                "Bearer eyJ.eyJ.c2ln",
                "Bearer ck_" + "a".repeat(300),
                "Bearer " + chatToken + "x");

        Map<String, List<String>> known = Map.of(
                "appId", List.of(appId),
                "keyId", List.of(sacrificed.getString("keyId")),
                "conversationId", List.of(conversationId, conversationId, foreignConversation),
                "userId", List.of("u-hostile", "u-hostile", "u-unknown"),
                "X-Analytics-Token", List.of(ANALYTICS_TOKEN_OF_SESSION),
                "Last-Event-ID", List.of("0", "1"),
                "If-None-Match", List.of("\"0\"", "*"));
        String now = Instant.now().toString();
        Map<String, JsonNode> examples = Map.of(
                "POST /v1/admin/apps",
                node("{\"name\":\"Hostile shop\",\"allowedOrigins\":[\"https://h.example.com\"],"
                        + "\"settings\":{\"storage\":\"local\",\"consent\":{\"mode\":\"flag\"}}}"),
                "PATCH /v1/admin/apps/{appId}",
                node("{\"name\":\"Hostile shop\"}"),
                "POST /v1/apps/{appId}/sessions",
                node("{\"merge\":false}"),
                "PATCH /v1/sessions/current/state",
                node("{\"soundEnabled\":true,\"open\":false}"),
                "POST /v1/sessions/current/messages",
                node("{\"clientMessageId\":\"h-1\",\"text\":\"hello\"}"),
                "PUT /v1/sessions/current/consent",
                node("{\"analytics\":true}"),
                "POST /v1/sessions/current/analytics/events",
                node("{\"events\":[{\"type\":\"widget.opened\"," + "\"at\":\"" + now
                        + "\",\"props\":{\"page\":\"/\"}}]}"),
                "POST /v1/apps/{appId}/continuity-tokens",
                node("{\"userId\":\"u-hostile\"}"),
                "POST /v1/apps/{appId}/conversations/{conversationId}/messages",
                node("{\"clientMessageId\":\"b-1\",\"text\":\"reply\",\"author\":\"agent\"}"));
        List<String> origins = List.of(
                TestApps.ORIGIN,
                "https://evil.example.com",
                "null",
                "https://" + "o".repeat(300) + ".example.com",
                "http://shop.example.com",
                "https://shop.example.com:443",
                "file://");
        return new HostileRequests(seed, document, known, examples, hostileCredentials, origins);
    }

    /** The kind of credential an operation takes: the first that its well-formed request is not refused with. */
    private CredentialKind credentialOf(Operation operation, String path) {
        CredentialKind refusedButKnown = null;
        for (CredentialKind kind : CredentialKind.values()) {
            int status =
                    send(probe(operation, path, kind), Map.of(operation, kind)).status();
            if (status != 401 && status != 403) {
                return kind;
            }
            if (status == 403 && refusedButKnown == null) {
                refusedButKnown = kind;
            }
        }
        return refusedButKnown == null ? CredentialKind.CHAT : refusedButKnown;
    }

    private Request probe(Operation operation, String path, CredentialKind kind) {
        Map<String, String> headers = new HashMap<>();
        operation.parameters().stream()
                .filter(p -> p.name().equals("X-Analytics-Token"))
                .forEach(p -> headers.put(p.name(), ANALYTICS_TOKEN_OF_SESSION));
        byte[] body = operation.takesBody() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
        return new Request(
                operation,
                path,
                headers,
                new HostileRequests.Credential(true, null, 0),
                operation.takesBody() ? "application/json" : null,
                body,
                false,
                "probe as " + kind);
    }

    private record Answer(int status, String contentType, String body, Duration took, String transportFailure) {}

    private Answer send(Request request, Map<Operation, CredentialKind> credentials) {
        int slot = request.credential().slot() % SESSIONS;
        String[] session = sessions.get(slot);
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RestAssured.port + request.path()))
                .timeout(MAX_ANSWER_TIME);
        request.headers()
                .forEach((name, value) ->
                        builder.header(name, value.equals(ANALYTICS_TOKEN_OF_SESSION) ? session[1] : value));
        CredentialKind kind = credentials.get(request.operation());
        if (request.credential().valid()) {
            builder.header(
                    "Authorization",
                    "Bearer "
                            + switch (kind) {
                                case CHAT -> session[0];
                                case API_KEY -> apiKey;
                                case ADMIN -> TestApps.ADMIN_TOKEN;
                            });
        } else if (request.credential().hostile() != null) {
            builder.header("Authorization", request.credential().hostile());
        }
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        builder.method(
                request.operation().method(),
                request.chunked() && request.body() != null ? HttpRequest.BodyPublishers.fromPublisher(body) : body);
        long started = System.nanoTime();
        try {
            HttpResponse<InputStream> response =
                    client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            String text;
            try (InputStream in = response.body()) {
                text = contentType.startsWith("text/event-stream")
                        ? ""
                        : new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            }
            if (request.credential().valid() && kind == CredentialKind.CHAT && response.statusCode() == 401) {
                sessions.set(slot, newSession());
            }
            return new Answer(
                    response.statusCode(), contentType, text, Duration.ofNanos(System.nanoTime() - started), null);
        } catch (HttpTimeoutException e) {
            return new Answer(-1, "", "", Duration.ofNanos(System.nanoTime() - started), "no answer within 10 s");
        } catch (IOException e) {
            return new Answer(-1, "", "", Duration.ofNanos(System.nanoTime() - started), "connection: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A chat token of the app and, with it, an analytics token of the same session. */
    private String[] newSession() {
        String token = given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String analytics = given().auth()
                .oauth2(token)
                .post("/v1/sessions/current/analytics-token")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        return new String[] {token, analytics};
    }

    private JsonNode node(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts and checks every answer. */
    private final class Outcomes {
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final Map<String, AtomicInteger> perOperation = new ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final AtomicLong slowestNanos = new AtomicLong();
        final AtomicInteger closedOnOversizedBody = new AtomicInteger();

        void record(Request request, Answer answer) {
            perOperation
                    .computeIfAbsent(request.operation().key(), k -> new AtomicInteger())
                    .incrementAndGet();
            statuses.computeIfAbsent(answer.status(), k -> new AtomicInteger()).incrementAndGet();
            slowestNanos.accumulateAndGet(answer.took().toNanos(), Math::max);
            String what = request.operation().key() + " [" + request.label() + "] -> ";
            if (answer.transportFailure() != null) {
                boolean oversized = request.body() != null && request.body().length > 64 * 1024;
                if (oversized && !answer.transportFailure().startsWith("no answer")) {
                    closedOnOversizedBody.incrementAndGet();
                } else {
                    failures.add(what + answer.transportFailure());
                }
                return;
            }
            if (answer.took().compareTo(MAX_ANSWER_TIME) > 0) {
                failures.add(what + "took " + answer.took());
            }
            if (answer.status() >= 500) {
                failures.add(what + answer.status() + " " + answer.body());
            }
            if (LEAK.matcher(answer.body()).find()) {
                failures.add(what + "leaks: " + answer.body());
            }
            if (answer.status() >= 400 && answer.status() < 500) {
                checkProblem(what, answer);
            }
        }

        private void checkProblem(String what, Answer answer) {
            if (!answer.contentType().startsWith("application/problem+json")) {
                failures.add(what + answer.status() + " as " + answer.contentType() + ": " + answer.body());
                return;
            }
            try {
                JsonNode problem = json.readTree(answer.body());
                if (!CONTRACT_TYPES.contains(problem.path("type").asText())
                        || problem.path("status").asInt() != answer.status()) {
                    failures.add(what + "not a contract problem: " + answer.body());
                }
            } catch (IOException e) {
                failures.add(what + "unreadable problem: " + answer.body());
            }
        }

        String summary(long seed, Duration took, Map<Operation, CredentialKind> credentials) {
            StringBuilder out = new StringBuilder(String.format(
                    "%nHostile-input run, seed %d: %d requests in %.1f s, " + "slowest answer %d ms%n",
                    seed,
                    perOperation.values().stream().mapToInt(AtomicInteger::get).sum(),
                    took.toMillis() / 1000.0,
                    slowestNanos.get() / 1_000_000));
            new TreeMap<>(perOperation)
                    .forEach((operation, count) -> out.append(String.format("  %-70s %5d%n", operation, count.get())));
            out.append("  credentials found by probing: ");
            credentials.forEach((operation, kind) ->
                    out.append(operation.key()).append('=').append(kind).append("; "));
            out.append(String.format("%n  statuses: %s", new TreeMap<>(statuses)));
            out.append(String.format(
                    "; connections closed while sending a body over 64 KiB: %d%n", closedOnOversizedBody.get()));
            return out.toString();
        }
    }

    /**
     * Records what the service logs at ERROR (and Quarkus's last-resort error handler, which answers 500 pages),
     * while the run lasts. Quarkus REST's own ERROR when a client leaves an event stream is not the service's.
     */
    private static final class DefectLog extends Handler {
        final List<String> records = Collections.synchronizedList(new ArrayList<>());

        static DefectLog install() {
            DefectLog log = new DefectLog();
            Logger.getLogger("").addHandler(log);
            return log;
        }

        void uninstall() {
            Logger.getLogger("").removeHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            String message = String.valueOf(record.getMessage());
            String logger = String.valueOf(record.getLoggerName());
            boolean ours = logger.startsWith("io.chatcontinuity") || logger.endsWith("QuarkusErrorHandler");
            if (ours && record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                records.add(record.getLoggerName() + ": " + message);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
