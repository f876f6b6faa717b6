package io.chatcontinuity.app;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.chatcontinuity.common.IsoDurations;
import io.chatcontinuity.common.validation.TextRules;
import io.chatcontinuity.common.validation.TypeRule;
import io.chatcontinuity.common.validation.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * An app's settings, always complete: every field the client left out (or set to null) holds the contract's default.
 * Durations are ISO-8601, each within its bounds.
 */
@Schema(name = "AppSettings", description = "An app's settings; each field left out takes its default")
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AppSettings(
        @Schema(description = "Where the widget keeps its chat token first", defaultValue = "local")
        StorageMode storage,

        @Schema(
                description = "Cookie domain for storage cookie, such as .example.com; none by default",
                maxLength = 253,
                examples = ".example.com")
        @CookieDomain
        String cookieDomain,

        @Schema(description = "Keep the widget's open/closed state server-side", defaultValue = "false")
        boolean persistChatState,

        @Schema(description = "Merge an anonymous session into the identified one on login", defaultValue = "false")
        boolean sessionMerge,

        @Schema(description = "Whether anonymous visitors are served", defaultValue = "optional")
        IdentityMode identity,

        @Schema(type = SchemaType.STRING, format = "duration", description = "PT5M to P400D", defaultValue = "P180D")
        @JsonSerialize(using = IsoDurations.Serializer.class)
        @TypeRule(ANONYMOUS_TOKEN_TTL)
        @DurationMin(minutes = 5, message = ANONYMOUS_TOKEN_TTL)
        @DurationMax(days = 400, message = ANONYMOUS_TOKEN_TTL)
        Duration anonymousTokenTtl,

        @Schema(type = SchemaType.STRING, format = "duration", description = "PT5M to P30D", defaultValue = "PT12H")
        @JsonSerialize(using = IsoDurations.Serializer.class)
        @TypeRule(AUTHENTICATED_TOKEN_TTL)
        @DurationMin(minutes = 5, message = AUTHENTICATED_TOKEN_TTL)
        @DurationMax(days = 30, message = AUTHENTICATED_TOKEN_TTL)
        Duration authenticatedTokenTtl,

        @Schema(type = SchemaType.STRING, format = "duration", description = "PT1M to P7D", defaultValue = "PT30M")
        @JsonSerialize(using = IsoDurations.Serializer.class)
        @TypeRule(EMPTY_SESSION_TTL)
        @DurationMin(minutes = 1, message = EMPTY_SESSION_TTL)
        @DurationMax(days = 7, message = EMPTY_SESSION_TTL)
        Duration emptySessionTtl,

        @Schema(type = SchemaType.STRING, format = "duration", description = "PT0S to P365D", defaultValue = "PT24H")
        @JsonSerialize(using = IsoDurations.Serializer.class)
        @TypeRule(TRIGGER_SNOOZE)
        @DurationMin(minutes = 0, message = TRIGGER_SNOOZE)
        @DurationMax(days = 365, message = TRIGGER_SNOOZE)
        Duration triggerSnooze,

        @Valid ConsentSettings consent) {

    static final String ANONYMOUS_TOKEN_TTL = "must be an ISO-8601 duration from PT5M to P400D";
    static final String AUTHENTICATED_TOKEN_TTL = "must be an ISO-8601 duration from PT5M to P30D";
    static final String EMPTY_SESSION_TTL = "must be an ISO-8601 duration from PT1M to P7D";
    static final String TRIGGER_SNOOZE = "must be an ISO-8601 duration from PT0S to P365D";

    public AppSettings {
        storage = requireNonNullElse(storage, StorageMode.LOCAL);
        identity = requireNonNullElse(identity, IdentityMode.OPTIONAL);
        anonymousTokenTtl = requireNonNullElse(anonymousTokenTtl, Duration.ofDays(180));
        authenticatedTokenTtl = requireNonNullElse(authenticatedTokenTtl, Duration.ofHours(12));
        emptySessionTtl = requireNonNullElse(emptySessionTtl, Duration.ofMinutes(30));
        triggerSnooze = requireNonNullElse(triggerSnooze, Duration.ofHours(24));
        consent = requireNonNullElse(consent, ConsentSettings.DEFAULTS);
    }

    public static final AppSettings DEFAULTS =
            new AppSettings(null, null, false, false, null, null, null, null, null, null);

    /** A cookie domain such as {@code .example.com}: at most 253 characters of one line, a domain name's shape. */
    @Constraint(validatedBy = CookieDomain.Validator.class)
    @Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface CookieDomain {

        String message() default "must be a domain such as .example.com";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<CookieDomain, String> {

            private static final int MAX_LENGTH = 253;
            private static final Pattern DOMAIN =
                    Pattern.compile("^\\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

            @Override
            public boolean isValid(String domain, ConstraintValidatorContext context) {
                if (domain == null) {
                    return true;
                }
                if (domain.length() > MAX_LENGTH) {
                    return Violations.none("must be at most " + MAX_LENGTH + " characters", context);
                }
                String problem = TextRules.lineProblem(domain);
                return problem == null ? DOMAIN.matcher(domain).matches() : Violations.none(problem, context);
            }
        }
    }
}
