package io.chatcontinuity.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.validation.CheckedBody;
import io.chatcontinuity.common.validation.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/**
 * The body of {@code PATCH /v1/sessions/current/state}: a merge patch of {@link WidgetState}. A field left out or
 * null keeps its value, except {@code triggerHiddenUntil}, which null clears. Read with the app's
 * {@code triggerSnooze} as the validation context ({@link HiddenUntil}).
 */
@Schema(name = "WidgetStateChange", description = "A merge patch of the widget state; fields left out are kept")
public record WidgetStateChange(
        @Schema(description = "Whether the chat is open; kept only for apps with persistChatState")
        Boolean open,

        @Schema(
                type = SchemaType.STRING,
                format = "date-time",
                nullable = true,
                description = "Hide the trigger until then (RFC 3339), at most the app's triggerSnooze ahead; "
                        + "null shows it again",
                examples = "2026-01-01T12:00:00Z")
        @HiddenUntil
        JsonNode triggerHiddenUntil,

        @Schema(description = "Whether the widget plays sounds")
        Boolean soundEnabled)
        implements CheckedBody {

    /** The time the trigger is hidden until, or null to show it. */
    Instant hiddenUntil() {
        return triggerHiddenUntil == null || triggerHiddenUntil.isNull()
                ? null
                : OffsetDateTime.parse(triggerHiddenUntil.textValue()).toInstant();
    }

    /**
     * An RFC 3339 time at most the app's {@code triggerSnooze} (the validation context, a {@link Duration}) ahead,
     * give or take a minute of clock skew. Null passes: it shows the trigger again.
     */
    @Constraint(validatedBy = HiddenUntil.Validator.class)
    @Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface HiddenUntil {

        String message() default "must be an RFC 3339 time";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<HiddenUntil, JsonNode> {

            private static final Duration SKEW = Duration.ofMinutes(1);

            @Override
            public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
                if (value == null || value.isNull()) {
                    return true;
                }
                Duration snooze = context.unwrap(HibernateConstraintValidatorContext.class)
                        .getConstraintValidatorPayload(Duration.class);
                String rule = "must be an RFC 3339 time at most " + snooze + " ahead";
                if (!value.isTextual()) {
                    return Violations.none(rule, context);
                }
                try {
                    Instant until = OffsetDateTime.parse(value.textValue()).toInstant();
                    return !until.isAfter(Instant.now().plus(snooze).plus(SKEW)) || Violations.none(rule, context);
                } catch (DateTimeParseException e) {
                    return Violations.none(rule, context);
                }
            }
        }
    }
}
