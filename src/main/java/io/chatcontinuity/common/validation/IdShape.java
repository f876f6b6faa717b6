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
 * An id of the shape {@link IdShapes} gives ids of its {@link #value kind} (a path parameter's name, such as
 * {@code userId} or {@code conversationId}). Null passes: {@code @NotNull} says whether a value is required.
 */
@Constraint(validatedBy = IdShape.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface IdShape {

    String value();

    String message() default "is not an id of that kind";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<IdShape, String> {

        private String kind;

        @Override
        public void initialize(IdShape constraint) {
            kind = constraint.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            if (kind.equals("userId")) {
                return Violations.none(IdShapes.userIdProblem(value), context);
            }
            return IdShapes.possiblePathValue(kind, value);
        }
    }
}
