package io.chatcontinuity.common.security;

import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;

/**
 * The authentication mechanism of one kind of caller: {@link CallerFilter} runs the one an endpoint declares
 * ({@link CallableBy}), so a request reads only the credential its endpoint takes.
 */
public interface CallerMechanism extends HttpAuthenticationMechanism {

    Caller caller();
}
