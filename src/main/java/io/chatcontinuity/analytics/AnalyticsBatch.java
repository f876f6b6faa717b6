package io.chatcontinuity.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.validation.CheckedBody;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /v1/sessions/current/analytics/events}. Everything is bounded: 1 to {@value
 * AnalyticsEvent#MAX_EVENTS} events, types of at most {@value AnalyticsEvent#MAX_TYPE_LENGTH} characters, props objects
 * of at most {@value AnalyticsEvent#MAX_PROPS_BYTES} bytes and {@value AnalyticsEvent#MAX_PROPS_DEPTH} levels, holding
 * nothing Postgres's jsonb would refuse.
 */
@Schema(name = "AnalyticsBatch")
public record AnalyticsBatch(
        @Schema(minItems = 1, maxItems = AnalyticsEvent.MAX_EVENTS)
        @NotNull(message = EVENTS_RULE)
        @Size(min = 1, max = AnalyticsEvent.MAX_EVENTS, message = EVENTS_RULE)
        List<@NotNull(message = "must be a JSON object") @Valid Event> events)
        implements CheckedBody {

    static final String EVENTS_RULE = "must be a list of 1 to " + AnalyticsEvent.MAX_EVENTS + " events";

    @Schema(name = "AnalyticsEvent")
    public record Event(
            @Schema(
                    description = "What happened: 1 to 64 of [A-Za-z0-9_.:-], starting with a letter or digit",
                    maxLength = AnalyticsEvent.MAX_TYPE_LENGTH,
                    examples = "widget.opened")
            @NotNull(message = "is required")
            @Size(max = AnalyticsEvent.MAX_TYPE_LENGTH, message = "must be at most {max} characters")
            @Pattern(
                    regexp = "[A-Za-z0-9][A-Za-z0-9_.:-]*",
                    message = "must be letters, digits and _ . : - starting with a letter or digit")
            String type,

            @Schema(
                    description = "When, RFC 3339: within the last 7 days, at most 5 minutes ahead",
                    format = "date-time")
            @NotNull(message = "is required: an RFC 3339 time")
            @RecentTime
            String at,

            @Schema(description = "A JSON object of at most 4 KiB and 4 levels", implementation = Map.class) @Props
            JsonNode props) {

        Instant instant() {
            return OffsetDateTime.parse(at).toInstant();
        }
    }

    /** An RFC 3339 time within the last 7 days, at most 5 minutes ahead (browser clocks run a little ahead). */
    @Constraint(validatedBy = RecentTime.Validator.class)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface RecentTime {

        String message() default "must be an RFC 3339 time within the last 7 days";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<RecentTime, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                if (value == null) {
                    return true;
                }
                try {
                    Instant at = OffsetDateTime.parse(value).toInstant();
                    Instant now = Instant.now();
                    return !at.isBefore(now.minus(AnalyticsEvent.MAX_AGE))
                            && !at.isAfter(now.plus(AnalyticsEvent.MAX_AHEAD));
                } catch (DateTimeParseException e) {
                    return false;
                }
            }
        }
    }

    /** An event's props: a JSON object, bounded in size and depth, that Postgres's jsonb stores as it is. */
    @Constraint(validatedBy = Props.Validator.class)
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Props {

        String message() default "must be a JSON object";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<Props, JsonNode> {
            @Override
            public boolean isValid(JsonNode props, ConstraintValidatorContext context) {
                if (props == null || props.isNull()) {
                    return true;
                }
                String problem = problemOf(props);
                if (problem == null) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
                return false;
            }

            private static String problemOf(JsonNode props) {
                if (!props.isObject()) {
                    return "must be a JSON object";
                }
                String json = props.toString();
                if (json.length() > AnalyticsEvent.MAX_PROPS_BYTES
                        || json.getBytes(StandardCharsets.UTF_8).length > AnalyticsEvent.MAX_PROPS_BYTES) {
                    return "must be at most " + AnalyticsEvent.MAX_PROPS_BYTES + " bytes of JSON";
                }
                return problem(props, 1);
            }

            private static String problem(JsonNode node, int depth) {
                if (node.isContainerNode() && depth > AnalyticsEvent.MAX_PROPS_DEPTH) {
                    return "must nest at most " + AnalyticsEvent.MAX_PROPS_DEPTH + " levels deep";
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
    }
}
