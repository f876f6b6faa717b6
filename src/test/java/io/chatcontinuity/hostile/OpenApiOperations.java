package io.chatcontinuity.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The operations the service publishes in its own OpenAPI document, with what a request to each may carry. */
final class OpenApiOperations {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    /** A parameter of an operation: where it goes ({@code path}, {@code query}, {@code header}), its name, schema. */
    record Parameter(String in, String name, JsonNode schema) {}

    /** One operation: method, path template, parameters, and its body's media types and schema (null: no body). */
    record Operation(
            String method, String path, List<Parameter> parameters, List<String> bodyTypes, JsonNode bodySchema) {

        String key() {
            return method + " " + path;
        }

        boolean takesBody() {
            return !bodyTypes.isEmpty();
        }
    }

    private OpenApiOperations() {}

    static List<Operation> read(String json) throws Exception {
        JsonNode document = new ObjectMapper().readTree(json);
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Parameter> shared = parameters(document, path.getValue().path("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>(shared);
                parameters.addAll(parameters(document, method.getValue().path("parameters")));
                JsonNode content = method.getValue().path("requestBody").path("content");
                List<String> bodyTypes = new ArrayList<>();
                content.fieldNames().forEachRemaining(bodyTypes::add);
                JsonNode schema = bodyTypes.isEmpty()
                        ? null
                        : resolve(document, content.path(bodyTypes.get(0)).path("schema"));
                operations.add(
                        new Operation(method.getKey().toUpperCase(), path.getKey(), parameters, bodyTypes, schema));
            }
        }
        return operations;
    }

    private static List<Parameter> parameters(JsonNode document, JsonNode list) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode parameter : list) {
            JsonNode resolved = resolve(document, parameter);
            parameters.add(new Parameter(
                    resolved.path("in").asText(),
                    resolved.path("name").asText(),
                    resolve(document, resolved.path("schema"))));
        }
        return parameters;
    }

    /** Follows a local {@code $ref} such as {@code #/components/schemas/MessageDraft}. */
    static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; hops < 10 && current.has("$ref"); hops++) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }
}
