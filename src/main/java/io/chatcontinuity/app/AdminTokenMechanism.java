package io.chatcontinuity.app;

import io.chatcontinuity.common.http.BearerCredentials;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.CallerMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads the admin token ({@code Authorization: Bearer}) on the operator's endpoints; {@link AdminTokenIdentityProvider}
 * checks it.
 */
@ApplicationScoped
public class AdminTokenMechanism implements CallerMechanism {

    @Override
    public Caller caller() {
        return Caller.OPERATOR;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        if (!Caller.OPERATOR.isExpectedBy(ctx)) {
            return Uni.createFrom().nullItem();
        }
        String token = BearerCredentials.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new CredentialRequest.AdminToken(token));
    }

    /** Refusals are problem details (RFC 9457) without {@code WWW-Authenticate}, answered by the problem mapper. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(CredentialRequest.AdminToken.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext ctx) {
        return Uni.createFrom()
                .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer", "admin-token"));
    }
}
