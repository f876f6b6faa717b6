package io.chatcontinuity.common.security;

import io.chatcontinuity.common.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates the caller an endpoint declares ({@link CallableBy}) through Quarkus Security: the declaration selects
 * the mechanism (each credential has one), the mechanism reads the credential, its identity provider verifies it. A
 * refusal is the contract's 401 or 403 problem; a store outage on the way stays a 503.
 *
 * <p>Hand-made for speed: the filter runs the declared mechanism itself and hands the identity to Quarkus
 * ({@link QuarkusHttpUser#setIdentity}) instead of asking for the request's lazy identity
 * ({@code QuarkusHttpUser.getSecurityIdentity}). That one goes through {@code HttpAuthenticator}, which tries the
 * mechanisms in turn and memoizes the result, a dozen Mutiny operators (each then capturing the request's contexts;
 * context propagation is off for Mutiny since 2026-12-06), to find the one mechanism the declaration already names.
 * With the other changes of 2026-11-30 (src/bench/RESULTS.md), the service's CPU per resume went from 1.37 to
 * 1.11-1.20 times the bare endpoint's (the build before Quarkus Security: 1.04-1.07).
 */
public class CallerFilter {

    /** Each endpoint's declaration, read once: annotation reads go through a reflective proxy on every call. */
    private final Map<Method, Optional<Declared>> declarations = new ConcurrentHashMap<>();

    private final IdentityProviderManager identities;
    private final CurrentCaller current;
    private final Map<Caller, CallerMechanism> mechanisms = new EnumMap<>(Caller.class);

    CallerFilter(IdentityProviderManager identities, CurrentCaller current, Instance<CallerMechanism> mechanisms) {
        this.identities = identities;
        this.current = current;
        for (CallerMechanism mechanism : mechanisms) {
            this.mechanisms.put(mechanism.caller(), mechanism);
        }
        for (Caller caller : Caller.values()) {
            if (!this.mechanisms.containsKey(caller)) {
                throw new IllegalStateException("No authentication mechanism for " + caller);
            }
        }
    }

    /**
     * The operator's endpoints check the admin token before anything else, the shape of the path's ids included: the
     * whole operator API answers 401 to whoever does not hold it. Null (nothing to wait for) elsewhere: Quarkus REST
     * then goes on at once, where a completed {@code Uni} would still be subscribed to and the request suspended.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 200)
    public Uni<Void> authenticateOperator(ContainerRequestContext request, ResourceInfo resource, RoutingContext ctx) {
        Declared declared = declaration(resource);
        return declared == null || declared.caller() != Caller.OPERATOR ? null : authenticate(declared, request, ctx);
    }

    /**
     * Visitors and brands, after {@code PathIdFilter}: an impossible id in the path is a 404 whatever the credential.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource, RoutingContext ctx) {
        Declared declared = declaration(resource);
        return declared == null || declared.caller() == Caller.OPERATOR ? null : authenticate(declared, request, ctx);
    }

    private Uni<Void> authenticate(Declared declared, ContainerRequestContext request, RoutingContext ctx) {
        Caller caller = declared.caller();
        Caller.expect(
                ctx,
                caller,
                declared.evenWithoutRedis(),
                request.getUriInfo().getPathParameters().getFirst("appId"));
        // One operator, not three: every operator is an allocation and a subscription on each request.
        return mechanisms
                .get(caller)
                .authenticate(ctx, identities)
                .onItemOrFailure()
                .transformToUni((identity, failure) -> {
                    if (failure != null) {
                        return Uni.createFrom()
                                .failure(
                                        failure instanceof AuthenticationFailedException
                                                ? asProblem(failure)
                                                : failure);
                    }
                    if (identity == null || identity.isAnonymous()) {
                        return Uni.createFrom().failure(ProblemException.unauthorized(caller.missing()));
                    }
                    if (!identity.hasRole(caller.role())) {
                        return Uni.createFrom()
                                .failure(ProblemException.forbidden("This credential may not call this endpoint."));
                    }
                    QuarkusHttpUser.setIdentity(identity, ctx);
                    current.set(identity);
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * What an identity provider refused, as it said it ({@link #refused}); a failure it passed on (a store that is
     * down) as that failure; anything else is a credential that does not verify.
     */
    public static Throwable asProblem(Throwable failure) {
        Throwable cause = failure.getCause();
        if (cause == null || cause instanceof AuthenticationFailedException) {
            return ProblemException.unauthorized("The credential does not verify.");
        }
        return cause;
    }

    /** An identity provider's refusal, carrying the problem to answer. */
    public static AuthenticationFailedException refused(ProblemException problem) {
        return new AuthenticationFailedException(problem.getMessage(), problem);
    }

    private Declared declaration(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        return declarations
                .computeIfAbsent(method, m -> {
                    CallableBy declared = m.getAnnotation(CallableBy.class);
                    if (declared == null) {
                        declared = resource.getResourceClass().getAnnotation(CallableBy.class);
                    }
                    return Optional.ofNullable(declared)
                            .map(found -> new Declared(found.value(), found.evenWithoutRedis()));
                })
                .orElse(null);
    }

    /** What an endpoint's {@link CallableBy} says. */
    private record Declared(Caller caller, boolean evenWithoutRedis) {}
}
