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
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates the caller an endpoint declares ({@link CallableBy}) through Quarkus Security: the declaration selects
 * the mechanism (each credential has one), the mechanism reads the credential, its identity provider verifies it. A
 * refusal is the contract's 401 or 403 problem; a store outage on the way stays a 503.
 */
public class CallerFilter {

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
        CallableBy declared = declaration(resource);
        return declared == null || declared.value() != Caller.OPERATOR
                ? Uni.createFrom().voidItem()
                : authenticate(declared, request, ctx);
    }

    /** Visitors and brands, after {@code PathIdFilter}: an impossible id in the path is a 404 whatever the credential. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Void> authenticate(ContainerRequestContext request, ResourceInfo resource, RoutingContext ctx) {
        CallableBy declared = declaration(resource);
        return declared == null || declared.value() == Caller.OPERATOR
                ? Uni.createFrom().voidItem()
                : authenticate(declared, request, ctx);
    }

    private Uni<Void> authenticate(CallableBy declared, ContainerRequestContext request, RoutingContext ctx) {
        Caller caller = declared.value();
        Caller.expect(ctx, declared, request.getUriInfo().getPathParameters().getFirst("appId"));
        return QuarkusHttpUser.getSecurityIdentity(ctx, identities)
                .onFailure(AuthenticationFailedException.class)
                .transform(CallerFilter::asProblem)
                .invoke(identity -> {
                    if (identity == null || identity.isAnonymous()) {
                        throw ProblemException.unauthorized(caller.missing());
                    }
                    if (!identity.hasRole(caller.role())) {
                        throw ProblemException.forbidden("This credential may not call this endpoint.");
                    }
                    current.set(identity);
                })
                .replaceWithVoid();
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

    private static CallableBy declaration(ResourceInfo resource) {
        if (resource.getResourceMethod() == null) {
            return null;
        }
        CallableBy declared = resource.getResourceMethod().getAnnotation(CallableBy.class);
        return declared != null ? declared : resource.getResourceClass().getAnnotation(CallableBy.class);
    }
}
