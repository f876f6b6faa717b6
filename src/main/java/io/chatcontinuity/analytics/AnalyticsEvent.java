package io.chatcontinuity.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.JsonFields;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One analytics event as the widget reports it.
 *
 * @param type what happened, such as {@code widget.opened}
 * @param at when it happened, by the browser's clock
 * @param propsJson its properties as a JSON object, or null
 */
record AnalyticsEvent(String type, Instant at, String propsJson) {

    static final int MAX_EVENTS = 100;
    static final int MAX_TYPE_LENGTH = 64;
    static final int MAX_PROPS_BYTES = 4096;
    static final int MAX_PROPS_DEPTH = 4;
    /** Widgets queue events while offline, but not for long; older ones are refused rather than back-dated. */
    static final Duration MAX_AGE = Duration.ofDays(7);
    /** Browser clocks run a little ahead. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");
    private static final Set<String> BODY_FIELDS = Set.of("events");
    private static final Set<String> EVENT_FIELDS = Set.of("type", "at", "props");

    /**
     * The events of a {@code {"events": [...]}} body, or {@code /problems/invalid-request} naming every wrong field
     * (as {@code events[3].at}). Everything is bounded: 1 to {@value #MAX_EVENTS} events, types of at most
     * {@value #MAX_TYPE_LENGTH} characters, props objects of at most {@value #MAX_PROPS_BYTES} bytes and
     * {@value #MAX_PROPS_DEPTH} levels, holding nothing Postgres's jsonb would refuse.
     */
    static List<AnalyticsEvent> readBatch(JsonNode body, Instant now) {
        JsonFields fields = JsonFields.of(body, "", BODY_FIELDS);
        JsonNode events = body == null ? null : body.get("events");
        if (events == null || !events.isArray() || events.isEmpty() || events.size() > MAX_EVENTS) {
            fields.error("events", "must be a list of 1 to " + MAX_EVENTS + " events");
        }
        fields.throwIfInvalid();
        List<AnalyticsEvent> batch = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode item = events.get(i);
            JsonFields event = fields.element("events", i, EVENT_FIELDS);
            if (!item.isObject()) {
                continue;
            }
            String type = event.text("type", null, MAX_TYPE_LENGTH);
            if (type == null && !event.has("type")) {
                event.error(event.path("type"), "is required");
            } else if (type != null && !TYPE.matcher(type).matches()) {
                type = event.invalid(
                        "type", "must be letters, digits and _ . : - starting with a letter or digit", null);
            }
            Instant at = at(event, item.get("at"), now);
            JsonNode props = item.get("props");
            String propsJson = props == null || props.isNull() ? null : props(event, props);
            batch.add(new AnalyticsEvent(type, at, propsJson));
        }
        fields.throwIfInvalid();
        return batch;
    }

    private static Instant at(JsonFields event, JsonNode value, Instant now) {
        String rule = "must be an RFC 3339 time within the last " + MAX_AGE.toDays() + " days";
        if (value == null || value.isNull()) {
            return event.invalid("at", "is required: an RFC 3339 time", null);
        }
        if (!value.isTextual()) {
            return event.invalid("at", rule, null);
        }
        try {
            Instant at = OffsetDateTime.parse(value.textValue()).toInstant();
            if (at.isBefore(now.minus(MAX_AGE)) || at.isAfter(now.plus(MAX_AHEAD))) {
                return event.invalid("at", rule, null);
            }
            return at;
        } catch (DateTimeParseException e) {
            return event.invalid("at", rule, null);
        }
    }

    private static String props(JsonFields event, JsonNode props) {
        if (!props.isObject()) {
            return event.invalid("props", "must be a JSON object", null);
        }
        String json = props.toString();
        if (json.length() > MAX_PROPS_BYTES || json.getBytes(StandardCharsets.UTF_8).length > MAX_PROPS_BYTES) {
            return event.invalid("props", "must be at most " + MAX_PROPS_BYTES + " bytes of JSON", null);
        }
        String problem = problem(props, 1);
        return problem == null ? json : event.invalid("props", problem, null);
    }

    /** What makes a props value unacceptable, or null. */
    private static String problem(JsonNode node, int depth) {
        if (node.isContainerNode() && depth > MAX_PROPS_DEPTH) {
            return "must nest at most " + MAX_PROPS_DEPTH + " levels deep";
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String problem = storable(field.getKey())
                        ? problem(field.getValue(), depth + 1)
                        : "must not hold NUL characters or unpaired surrogates";
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String problem = problem(element, depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isTextual() && !storable(node.textValue())) {
            return "must not hold NUL characters or unpaired surrogates";
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return "must hold only finite numbers";
        }
        return null;
    }

    /** Postgres's jsonb refuses NUL (even escaped) and unpaired surrogates. */
    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
