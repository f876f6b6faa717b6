package io.chatcontinuity.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** The caller {@link CallerFilter} authenticated for this request, for the endpoint and the feature's beans. */
@RequestScoped
public class CurrentCaller {

    private SecurityIdentity identity;

    void set(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's identity; only endpoints that declare a caller ({@link CallableBy}) have one. */
    public SecurityIdentity identity() {
        if (identity == null) {
            throw new IllegalStateException("No caller was authenticated for this endpoint");
        }
        return identity;
    }

    public <T> T attribute(String name) {
        return identity().getAttribute(name);
    }
}
