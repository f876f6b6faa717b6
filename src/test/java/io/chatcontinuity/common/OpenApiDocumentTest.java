package io.chatcontinuity.common;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatcontinuity.common.problem.Problem;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The published OpenAPI document is one a brand can code against: each of the contract's operations is there, with
 * a request schema where it takes a body, only answers the contract allows it, problem answers as problem details,
 * and the contract's credentials as security schemes.
 */
@QuarkusTest
class OpenApiDocumentTest {

    /** The contract's operations (api-contract.md) and their successful answers. */
    private static final Map<String, Set<Integer>> CONTRACT = Map.ofEntries(
            Map.entry("POST /v1/admin/apps", Set.of(201)),
            Map.entry("GET /v1/admin/apps/{appId}", Set.of(200)),
            Map.entry("PATCH /v1/admin/apps/{appId}", Set.of(200)),
            Map.entry("POST /v1/admin/apps/{appId}/api-keys", Set.of(201)),
            Map.entry("DELETE /v1/admin/apps/{appId}/api-keys/{keyId}", Set.of(204)),
            Map.entry("GET /v1/apps/{appId}/widget-config", Set.of(200, 304)),
            Map.entry("POST /v1/apps/{appId}/sessions", Set.of(200, 201)),
            Map.entry("GET /v1/sessions/current", Set.of(200)),
            Map.entry("POST /v1/sessions/current/refresh", Set.of(200)),
            Map.entry("DELETE /v1/sessions/current", Set.of(204)),
            Map.entry("GET /v1/sessions/current/state", Set.of(200)),
            Map.entry("PATCH /v1/sessions/current/state", Set.of(200)),
            Map.entry("GET /v1/sessions/current/messages", Set.of(200)),
            Map.entry("POST /v1/sessions/current/messages", Set.of(200, 201)),
            Map.entry("GET /v1/sessions/current/events", Set.of(200)),
            Map.entry("PUT /v1/sessions/current/consent", Set.of(200)),
            Map.entry("GET /v1/sessions/current/consent", Set.of(200)),
            Map.entry("POST /v1/sessions/current/analytics-token", Set.of(201)),
            Map.entry("POST /v1/sessions/current/analytics/events", Set.of(202)),
            Map.entry("POST /v1/apps/{appId}/continuity-tokens", Set.of(201)),
            Map.entry("DELETE /v1/apps/{appId}/users/{userId}/sessions", Set.of(204)),
            Map.entry("POST /v1/apps/{appId}/conversations/{conversationId}/messages", Set.of(200, 201)),
            Map.entry("GET /v1/apps/{appId}/users/{userId}/export", Set.of(200)),
            Map.entry("DELETE /v1/apps/{appId}/users/{userId}", Set.of(204)));

    /** Where the contract names a rate limit: session creation (with continuity and identity attempts), posts. */
    private static final Set<String> RATE_LIMITED = Set.of(
            "POST /v1/apps/{appId}/sessions",
            "POST /v1/sessions/current/messages",
            "POST /v1/apps/{appId}/conversations/{conversationId}/messages");

    private static final Set<String> UNCREDENTIALED = Set.of("GET /v1/apps/{appId}/widget-config");

    private static JsonNode document;

    @BeforeEach
    void read() throws Exception {
        if (document != null) {
            return;
        }
        String json = given().queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        document = new ObjectMapper().readTree(json);
    }

    @Test
    void everyOperationOfTheContractIsDocumented() {
        Set<String> missing = new TreeSet<>(CONTRACT.keySet());
        missing.removeAll(operations().keySet());
        assertTrue(missing.isEmpty(), "not in /q/openapi: " + missing);
    }

    @Test
    void everyOperationThatTakesABodyHasARequestSchemaWithItsFields() {
        List<String> without = new ArrayList<>();
        operations().forEach((key, operation) -> {
            JsonNode content = operation.path("requestBody").path("content");
            for (Iterator<JsonNode> types = content.elements(); types.hasNext(); ) {
                JsonNode schema = resolve(types.next().path("schema"));
                if (!schema.path("properties").isObject()
                        || schema.path("properties").isEmpty()) {
                    without.add(key);
                }
            }
        });
        assertTrue(without.isEmpty(), "bodies without a schema of their fields: " + without);
    }

    @Test
    void everyPathParameterIsDocumented() {
        List<String> missing = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            Set<String> documented = new HashSet<>();
            path.getValue()
                    .path("parameters")
                    .forEach(p -> documented.add(resolve(p).path("name").asText()));
            path.getValue()
                    .fields()
                    .forEachRemaining(method -> method.getValue()
                            .path("parameters")
                            .forEach(p -> documented.add(resolve(p).path("name").asText())));
            Matcher names = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (names.find()) {
                if (!documented.contains(names.group(1))) {
                    missing.add(path.getKey() + " " + names.group(1));
                }
            }
        });
        assertTrue(missing.isEmpty(), "path parameters without a description: " + missing);
    }

    @Test
    void everyDocumentedAnswerIsOneTheContractAllows() {
        List<String> wrong = new ArrayList<>();
        operations().forEach((key, operation) -> {
            Set<Integer> allowed = allowed(key, operation);
            if (allowed == null) {
                return;
            }
            for (Iterator<String> codes = operation.path("responses").fieldNames(); codes.hasNext(); ) {
                String code = codes.next();
                if (!code.matches("\\d{3}") || !allowed.contains(Integer.parseInt(code))) {
                    wrong.add(key + " answers " + code);
                }
            }
        });
        assertTrue(wrong.isEmpty(), "answers the contract does not allow: " + wrong);
    }

    @Test
    void problemAnswersAreDocumentedAsProblemDetails() {
        List<String> wrong = new ArrayList<>();
        operations().forEach((key, operation) -> {
            if (!CONTRACT.containsKey(key)) {
                return;
            }
            boolean documentsAProblem = false;
            for (Iterator<Map.Entry<String, JsonNode>> responses =
                            operation.path("responses").fields();
                    responses.hasNext(); ) {
                Map.Entry<String, JsonNode> response = responses.next();
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    documentsAProblem = true;
                    JsonNode schema = resolve(resolve(response.getValue())
                            .path("content")
                            .path(Problem.MEDIA_TYPE)
                            .path("schema"));
                    if (!schema.path("properties").has("type")
                            || !schema.path("properties").has("errors")) {
                        wrong.add(key + " " + response.getKey());
                    }
                }
            }
            if (!documentsAProblem || !operation.path("responses").has("503")) {
                wrong.add(key + " documents no problem answers (503 at least)");
            }
        });
        assertTrue(wrong.isEmpty(), "problem answers without the problem schema: " + wrong);
    }

    @Test
    void theContractsCredentialsAreSecuritySchemes() {
        JsonNode schemes = document.path("components").path("securitySchemes");
        for (String scheme : List.of("chatToken", "chatCookie", "apiKey", "adminToken")) {
            assertTrue(schemes.has(scheme), "no security scheme " + scheme);
        }
        assertEquals("cookie", schemes.path("chatCookie").path("in").asText());
        assertEquals(
                "apiKey",
                operations()
                        .get("DELETE /v1/apps/{appId}/users/{userId}")
                        .path("security")
                        .path(0)
                        .fieldNames()
                        .next());
        Set<String> visitor = new HashSet<>();
        operations()
                .get("GET /v1/sessions/current")
                .path("security")
                .forEach(r -> r.fieldNames().forEachRemaining(visitor::add));
        assertEquals(Set.of("chatToken", "chatCookie"), visitor);
    }

    /** What the contract allows an operation to answer, or null for an operation it does not name. */
    private static Set<Integer> allowed(String key, JsonNode operation) {
        Set<Integer> success = CONTRACT.get(key);
        if (success == null) {
            return null;
        }
        Set<Integer> allowed = new HashSet<>(success);
        allowed.add(503);
        boolean takesBody = operation.has("requestBody");
        if (takesBody || key.matches(".*(messages|events)$") || key.contains("{")) {
            allowed.add(400);
        }
        if (!UNCREDENTIALED.contains(key)) {
            allowed.add(401);
        }
        allowed.add(403);
        if (key.contains("{")) {
            allowed.add(404);
        }
        if (key.endsWith("/messages") && key.startsWith("POST")) {
            allowed.add(409);
        }
        if (takesBody) {
            allowed.add(413);
        }
        if (RATE_LIMITED.contains(key)) {
            allowed.add(429);
        }
        return allowed;
    }

    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
                    if (Set.of("get", "put", "post", "delete", "patch").contains(method.getKey())) {
                        operations.put(method.getKey().toUpperCase() + " " + path.getKey(), method.getValue());
                    }
                }));
        return operations;
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 10 && current.has("$ref"); hops++) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }
}
