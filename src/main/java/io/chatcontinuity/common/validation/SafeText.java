package io.chatcontinuity.common.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text the service stores as it is ({@link TextRules}): no NUL, no unpaired surrogate, no control character (newline
 * and tab allowed in {@link #multiline} text). Null passes: {@code @NotNull} says whether a value is required.
 */
@Constraint(validatedBy = SafeText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface SafeText {

    boolean multiline() default false;

    String message() default "must be text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<SafeText, String> {

        private boolean multiline;

        @Override
        public void initialize(SafeText constraint) {
            multiline = constraint.multiline();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            String problem = multiline ? TextRules.multilineProblem(value) : TextRules.lineProblem(value);
            return Violations.none(problem, context);
        }
    }
}
