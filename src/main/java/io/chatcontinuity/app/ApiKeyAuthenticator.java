package io.chatcontinuity.app;

import io.chatcontinuity.common.BearerCredentials;
import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.common.Secrets;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a brand backend's API key for the app in the request path. Keys are looked up by their hash, uncached, so
 * that a revoked key stops working on every instance with the very next request.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private final ApiKeyRepository apiKeys;
    private final AppDirectory directory;

    ApiKeyAuthenticator(ApiKeyRepository apiKeys, AppDirectory directory) {
        this.apiKeys = apiKeys;
        this.directory = directory;
    }

    /** The app whose key {@code authorization} carries; 401 for no or an unknown key, 403 for another app's key. */
    @WithSession
    public Uni<App> authenticate(String appId, String authorization) {
        String key = BearerCredentials.token(authorization);
        if (key == null || !key.startsWith("ck_") || key.length() > 200) {
            return Uni.createFrom().failure(ProblemException.unauthorized("An API key is required."));
        }
        return apiKeys.findActiveByHash(Secrets.sha256Hex(key)).chain(found -> {
            if (found == null) {
                return Uni.createFrom().failure(ProblemException.unauthorized("The API key is unknown or revoked."));
            }
            if (!found.appId.equals(appId)) {
                return Uni.createFrom().failure(ProblemException.forbidden("The API key belongs to another app."));
            }
            return directory.require(appId);
        });
    }
}
