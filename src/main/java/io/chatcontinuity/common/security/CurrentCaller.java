package io.chatcontinuity.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.vertx.ContextLocals;
import jakarta.inject.Singleton;

/**
 * The caller {@link CallerFilter} authenticated for this request, for the endpoint and the feature's beans. Held in
 * the request's duplicated Vert.x context (every request has its own) behind a singleton, rather than in a
 * {@code @RequestScoped} bean: each call on a request-scoped client proxy looks the instance up in the request
 * context, and resume made several (JFR of 2026-11-30). Hand-made for speed, measured with the other changes of that
 * day in src/bench/RESULTS.md (resume's CPU from 1.37 to 1.11-1.20 times the bare endpoint's; before Quarkus
 * Security 1.04-1.07).
 */
@Singleton
public class CurrentCaller {

    private static final String KEY = CurrentCaller.class.getName();

    void set(SecurityIdentity identity) {
        ContextLocals.put(KEY, identity);
    }

    /** The caller's identity; only endpoints that declare a caller ({@link CallableBy}) have one. */
    public SecurityIdentity identity() {
        SecurityIdentity identity = ContextLocals.get(KEY, null);
        if (identity == null) {
            throw new IllegalStateException("No caller was authenticated for this endpoint");
        }
        return identity;
    }

    public <T> T attribute(String name) {
        return identity().getAttribute(name);
    }
}
