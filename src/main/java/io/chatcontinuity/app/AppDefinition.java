package io.chatcontinuity.app;

import io.chatcontinuity.common.validation.CheckedBody;
import io.chatcontinuity.common.validation.SafeText;
import io.chatcontinuity.common.validation.TextRules;
import io.chatcontinuity.common.validation.TypeRule;
import io.chatcontinuity.common.validation.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an operator defines of an app: its name, the origins its widget may run on and its settings; the body of
 * {@code POST /v1/admin/apps}, and what a merge patch is applied to. Unknown fields and out-of-range values are
 * refused, naming the field; fields left out (or set to null by a merge patch) take the contract's defaults.
 */
@Schema(name = "AppDefinition", description = "An app as an operator defines it; settings left out take defaults")
public record AppDefinition(
        @Schema(description = "1 to 200 characters", maxLength = MAX_NAME_LENGTH, examples = "Shop", required = true)
        @NotBlank(message = "is required")
        @Size(max = MAX_NAME_LENGTH, message = "must be at most {max} characters")
        @SafeText
        String name,

        @Schema(
                description = "Where the widget may run: scheme, host and optional port only",
                maxItems = MAX_ORIGINS,
                examples = "[\"https://www.example.com\"]")
        @TypeRule(ORIGINS_RULE)
        @Size(max = MAX_ORIGINS, message = ORIGINS_RULE)
        List<@NotNull(message = "must be a string") @AllowedOrigin String> allowedOrigins,

        @Valid AppSettings settings)
        implements CheckedBody {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_ORIGINS = 100;
    static final String ORIGINS_RULE = "must be a list of at most " + MAX_ORIGINS + " strings";

    public AppDefinition {
        allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins;
        settings = settings == null ? AppSettings.DEFAULTS : settings;
    }

    /** As stored, once valid: the name without surrounding blanks, each origin once and in lower case. */
    AppDefinition normalized() {
        List<String> origins = allowedOrigins.stream()
                .map(origin -> origin.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        return new AppDefinition(name.strip(), origins, settings);
    }

    /** An allowed origin is exactly scheme://host[:port] over http(s): the form browsers send in {@code Origin}. */
    @Constraint(validatedBy = AllowedOrigin.Validator.class)
    @Target({ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface AllowedOrigin {

        String message() default
                "must be an origin such as https://www.example.com (scheme, host and optional port only)";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<AllowedOrigin, String> {
            @Override
            public boolean isValid(String origin, ConstraintValidatorContext context) {
                if (origin == null) {
                    return true;
                }
                String problem = TextRules.lineProblem(origin);
                return problem == null ? isOrigin(origin) : Violations.none(problem, context);
            }

            private static boolean isOrigin(String origin) {
                try {
                    URI uri = new URI(origin);
                    boolean httpScheme =
                            "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
                    boolean bare = uri.getHost() != null
                            && uri.getRawUserInfo() == null
                            && uri.getRawQuery() == null
                            && uri.getRawFragment() == null
                            && (uri.getRawPath() == null || uri.getRawPath().isEmpty());
                    return httpScheme && bare && origin.length() <= 255;
                } catch (URISyntaxException e) {
                    return false;
                }
            }
        }
    }
}
