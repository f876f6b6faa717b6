package io.chatcontinuity.common.security;

import io.chatcontinuity.common.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates the caller an endpoint declares ({@link CallableBy}) through Quarkus Security: the declaration selects
 * the mechanism (each credential has one), the mechanism reads the credential, its identity provider verifies it. A
 * refusal is the contract's 401 or 403 problem; a store outage on the way stays a 503.
 */
public class CallerFilter {

    /** Each endpoint's declaration, read once: annotation reads go through a reflective proxy on every call. */
    private final Map<Method, Optional<Declared>> declarations = new ConcurrentHashMap<>();

    private final IdentityProviderManager identities;
    private final CurrentCaller current;

    CallerFilter(IdentityProviderManager identities, CurrentCaller current) {
        this.identities = identities;
        this.current = current;
    }

    /**
     * The operator's endpoints check the admin token before anything else, the shape of the path's ids included: the
     * whole operator API answers 401 to whoever does not hold it.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 200)
    public Uni<Void> authenticateOperator(ContainerRequestContext request, ResourceInfo resource, RoutingContext ctx) {
        Declared declared = declaration(resource);
        return declared == null || declared.caller() != Caller.OPERATOR
                ? Uni.createFrom().voidItem()
                : authenticate(declared, request, ctx);
    }

    /** Visitors and brands, after {@code PathIdFilter}: an impossible id in the path is a 404 whatever the credential. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource, RoutingContext ctx) {
        Declared declared = declaration(resource);
        return declared == null || declared.caller() == Caller.OPERATOR
                ? Uni.createFrom().voidItem()
                : authenticate(declared, request, ctx);
    }

    private Uni<Void> authenticate(Declared declared, ContainerRequestContext request, RoutingContext ctx) {
        Caller caller = declared.caller();
        Caller.expect(
                ctx,
                caller,
                declared.evenWithoutRedis(),
                request.getUriInfo().getPathParameters().getFirst("appId"));
        // One operator, not three: each one on this path captures the request's contexts (context propagation).
        return QuarkusHttpUser.getSecurityIdentity(ctx, identities)
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
