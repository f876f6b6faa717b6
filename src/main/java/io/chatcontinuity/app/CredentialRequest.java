package io.chatcontinuity.app;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer credential of the app feature, as a request presented it. */
abstract sealed class CredentialRequest extends BaseAuthenticationRequest {

    private final String credential;

    CredentialRequest(String credential) {
        this.credential = credential;
    }

    String credential() {
        return credential;
    }

    /** A brand backend's API key, for the app its request's path names. */
    static final class ApiKey extends CredentialRequest {

        private final String pathAppId;

        ApiKey(String key, String pathAppId) {
            super(key);
            this.pathAppId = pathAppId;
        }

        String pathAppId() {
            return pathAppId;
        }
    }

    /** The operator's admin token. */
    static final class AdminToken extends CredentialRequest {

        AdminToken(String token) {
            super(token);
        }
    }
}
