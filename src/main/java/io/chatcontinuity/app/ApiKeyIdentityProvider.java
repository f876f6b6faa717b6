package io.chatcontinuity.app;

import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.CallerFilter;
import io.chatcontinuity.common.security.CallerIdentity;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a brand backend's API key for the app in the request path: 401 for an unknown or revoked key, 403 for
 * another app's. Keys are looked up by their hash, uncached, so that a revoked key stops working on every instance
 * with the very next request. The identity carries the {@link App} ({@link BrandApp}).
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<CredentialRequest.ApiKey> {

    static final String APP_ATTRIBUTE = "chat.app";

    private final ApiKeyRepository apiKeys;
    private final AppDirectory directory;

    ApiKeyIdentityProvider(ApiKeyRepository apiKeys, AppDirectory directory) {
        this.apiKeys = apiKeys;
        this.directory = directory;
    }

    @Override
    public Class<CredentialRequest.ApiKey> getRequestType() {
        return CredentialRequest.ApiKey.class;
    }

    @Override
    @WithSession
    public Uni<SecurityIdentity> authenticate(CredentialRequest.ApiKey request, AuthenticationRequestContext context) {
        String appId = request.pathAppId();
        return apiKeys.findActiveByHash(Secrets.sha256Hex(request.credential()))
                .chain(found -> {
                    if (found == null) {
                        throw CallerFilter.refused(ProblemException.unauthorized("The API key is unknown or revoked."));
                    }
                    if (!found.appId.equals(appId)) {
                        throw CallerFilter.refused(ProblemException.forbidden("The API key belongs to another app."));
                    }
                    return directory.require(appId);
                })
                .map(app -> CallerIdentity.of(app.id(), Caller.BRAND, APP_ATTRIBUTE, app));
    }
}
