package io.chatcontinuity.common.validation;

import jakarta.validation.ConstraintValidatorContext;

/** For constraints whose rule says itself what is wrong with a value. */
public final class Violations {

    private Violations() {}

    /** True when {@code problem} is null; otherwise reports it as the violation's message. */
    public static boolean none(String problem, ConstraintValidatorContext context) {
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // The rule's words are literal text, not a message template: escape what the interpolator would read.
        String literal = problem.replace("\\", "\\\\")
                .replace("{", "\\{")
                .replace("}", "\\}")
                .replace("$", "\\$");
        context.buildConstraintViolationWithTemplate(literal).addConstraintViolation();
        return false;
    }
}
