package io.chatcontinuity.common.validation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What {@link CheckedBodyReader} tells a value of the wrong JSON type at this field: the field's whole rule (such as
 * {@code must be an ISO-8601 duration from PT5M to P400D}) where the reader's own words ({@code must be a string})
 * would say less. With {@link #items}, a wrong item of a list is told the rule too, at the list: a set of purposes is
 * one value, right or wrong as a whole.
 */
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface TypeRule {

    String value();

    boolean items() default false;
}
