package io.chatcontinuity.conversation;

import io.chatcontinuity.common.validation.TextRules;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A message's text: 1 to 4,000 characters as a person counts them (code points), not only white space, storable as
 * it is ({@link TextRules}, newline and tab allowed). Null passes: {@code @NotNull} says it is required.
 */
@Constraint(validatedBy = MessageText.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface MessageText {

    int MAX_CHARACTERS = 4_000;

    String message() default "must be 1 to 4000 characters of text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<MessageText, String> {

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            if (text == null) {
                return true;
            }
            String problem = problem(text);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }

        /** Whether {@code text} (not null) is a message's text. */
        static boolean valid(String text) {
            return problem(text) == null;
        }

        private static String problem(String text) {
            // Room for surrogate pairs: the limit counts code points, checked once the text is known to be text.
            if (text.length() > 2 * MAX_CHARACTERS) {
                return "must be at most " + MAX_CHARACTERS + " characters";
            }
            String textProblem = TextRules.multilineProblem(text);
            if (textProblem != null) {
                return textProblem;
            }
            if (text.isBlank()) {
                return "must not be empty or only white space";
            }
            if (text.codePointCount(0, text.length()) > MAX_CHARACTERS) {
                return "must be at most " + MAX_CHARACTERS + " characters";
            }
            return null;
        }
    }
}
