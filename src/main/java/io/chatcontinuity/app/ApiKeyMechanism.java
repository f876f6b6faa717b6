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
 * Reads a brand backend's API key ({@code Authorization: Bearer ck_...}) on a brand's endpoint; a bearer credential
 * that cannot be one counts as none. {@link ApiKeyIdentityProvider} checks it.
 */
@ApplicationScoped
public class ApiKeyMechanism implements CallerMechanism {

    private static final int MAX_KEY_LENGTH = 200;

    @Override
    public Caller caller() {
        return Caller.BRAND;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        if (!Caller.BRAND.isExpectedBy(ctx)) {
            return Uni.createFrom().nullItem();
        }
        String key = BearerCredentials.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (key == null || !key.startsWith("ck_") || key.length() > MAX_KEY_LENGTH) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(new CredentialRequest.ApiKey(key, Caller.pathAppId(ctx)));
    }

    /** Refusals are problem details (RFC 9457) without {@code WWW-Authenticate}, answered by the problem mapper. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(CredentialRequest.ApiKey.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext ctx) {
        return Uni.createFrom()
                .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer", "api-key"));
    }
}
