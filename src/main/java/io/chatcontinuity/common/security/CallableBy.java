package io.chatcontinuity.common.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares who may call an endpoint; {@link CallerFilter} authenticates the caller through Quarkus Security before
 * the endpoint runs. Not {@code @RolesAllowed}: Quarkus REST checks those before any request filter, and the shape of
 * the path's ids must be checked first ({@code PathIdFilter}), so that an impossible id is a 404 whatever the
 * credential (except on the operator's endpoints, which answer 401 to anyone without the admin token).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CallableBy {

    Caller value();

    /**
     * For a visitor's endpoint: whether it keeps working while Redis is down, reading the session from Postgres, the
     * truth for revocation. Without it a Redis outage answers 503.
     */
    boolean evenWithoutRedis() default false;
}
