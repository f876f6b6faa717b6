package io.chatcontinuity.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.problem.FieldError;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.validation.TextRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads an untrusted JSON object field by field, collecting every problem with its dotted path instead of stopping
 * at the first, so that a 400 names all the fields a client got wrong.
 */
public final class JsonFields {

    private final JsonNode node;
    private final String prefix;
    private final List<FieldError> errors;

    private JsonFields(JsonNode node, String prefix, List<FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** Reads {@code node}, which must be an object whose fields are among {@code known}. */
    public static JsonFields of(JsonNode node, String prefix, Set<String> known) {
        JsonNode body = node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
        return new JsonFields(body, prefix, new ArrayList<>()).requireObject(known);
    }

    /** Reads the object at {@code name}, sharing this reader's error list; missing reads as an empty object. */
    public JsonFields object(String name, Set<String> known) {
        JsonNode child = node.path(name);
        JsonFields reader = new JsonFields(
                child.isMissingNode()
                        ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        : child,
                path(name) + ".",
                errors);
        return reader.requireObject(known);
    }

    private JsonFields requireObject(Set<String> known) {
        if (!node.isObject()) {
            error(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be a JSON object");
            return this;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                error(path(name), "unknown field");
            }
        }
        return this;
    }

    public boolean has(String name) {
        JsonNode value = node.path(name);
        return !value.isMissingNode() && !value.isNull();
    }

    /** A one-line string (a name, an id, a token): refused if it holds any control character ({@link TextRules}). */
    public String text(String name, String fallback, int maxLength) {
        return text(name, fallback, maxLength, TextRules::lineProblem);
    }

    private String text(String name, String fallback, int maxLength, Function<String, String> rule) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            return invalid(name, "must be a string", fallback);
        }
        if (value.textValue().length() > maxLength) {
            return invalid(name, "must be at most " + maxLength + " characters", fallback);
        }
        String problem = rule.apply(value.textValue());
        return problem == null ? value.textValue() : invalid(name, problem, fallback);
    }

    public boolean bool(String name, boolean fallback) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        return value.isBoolean() ? value.booleanValue() : invalid(name, "must be true or false", fallback);
    }

    public Integer integer(String name, Integer fallback, int min, int max) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            return invalid(name, "must be a whole number from " + min + " to " + max, fallback);
        }
        return value.intValue();
    }

    public Duration duration(String name, Duration fallback, Duration min, Duration max) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        String bounds =
                "must be an ISO-8601 duration from " + IsoDurations.format(min) + " to " + IsoDurations.format(max);
        if (!value.isTextual()) {
            return invalid(name, bounds, fallback);
        }
        return IsoDurations.parse(value.textValue())
                .filter(d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0)
                .orElseGet(() -> invalid(name, bounds, fallback));
    }

    /** An enum given by its JSON name, such as {@code cross-domain}. */
    public <E extends Enum<E>> E choice(String name, E fallback, Class<E> type, Function<E, String> jsonName) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (value.isTextual() && jsonName.apply(constant).equals(value.textValue())) {
                return constant;
            }
        }
        List<String> names =
                java.util.Arrays.stream(type.getEnumConstants()).map(jsonName).toList();
        return invalid(name, "must be one of " + String.join(", ", names), fallback);
    }

    /** A list of distinct whole numbers within bounds, at most {@code maxSize} long. */
    public List<Integer> integers(String name, List<Integer> fallback, int min, int max, int maxSize) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        String rule = "must be a list of at most " + maxSize + " distinct whole numbers from " + min + " to " + max;
        if (!value.isArray() || value.size() > maxSize) {
            return invalid(name, rule, fallback);
        }
        List<Integer> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isIntegralNumber()
                    || !item.canConvertToInt()
                    || item.intValue() < min
                    || item.intValue() > max
                    || result.contains(item.intValue())) {
                return invalid(name, rule, fallback);
            }
            result.add(item.intValue());
        }
        return List.copyOf(result);
    }

    /** A list of one-line strings, each also checked by {@code rule} (which answers null when the item is fine). */
    public List<String> texts(String name, List<String> fallback, int maxSize, Function<String, String> rule) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isArray() || value.size() > maxSize) {
            return invalid(name, "must be a list of at most " + maxSize + " strings", fallback);
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String problem = item.isTextual() ? TextRules.lineProblem(item.textValue()) : "must be a string";
            if (problem == null) {
                problem = rule.apply(item.textValue());
            }
            if (problem != null) {
                error(path(name) + "[" + i + "]", problem);
            } else if (!result.contains(item.textValue())) {
                result.add(item.textValue());
            }
        }
        return List.copyOf(result);
    }

    public void error(String fullPath, String message) {
        errors.add(new FieldError(fullPath, message));
    }

    public <T> T invalid(String name, String message, T fallback) {
        error(path(name), message);
        return fallback;
    }

    public String path(String name) {
        return prefix + name;
    }

    /** Throws {@code /problems/invalid-request} naming every field found wrong so far. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
