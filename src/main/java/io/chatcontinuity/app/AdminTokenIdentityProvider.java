package io.chatcontinuity.app;

import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.CallerFilter;
import io.chatcontinuity.common.security.CallerIdentity;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Checks the operator's admin token against {@code CHAT_ADMIN_TOKEN}, in constant time; none configured, none passes.
 */
@ApplicationScoped
public class AdminTokenIdentityProvider implements IdentityProvider<CredentialRequest.AdminToken> {

    private final Optional<String> adminToken;

    AdminTokenIdentityProvider(AdminConfig config) {
        this.adminToken = config.token().filter(token -> !token.isBlank());
    }

    @Override
    public Class<CredentialRequest.AdminToken> getRequestType() {
        return CredentialRequest.AdminToken.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            CredentialRequest.AdminToken request, AuthenticationRequestContext context) {
        if (adminToken.isEmpty() || !Secrets.constantTimeEquals(request.credential(), adminToken.get())) {
            return Uni.createFrom()
                    .failure(CallerFilter.refused(ProblemException.unauthorized("The admin token is wrong.")));
        }
        return Uni.createFrom().item(CallerIdentity.of("operator", Caller.OPERATOR));
    }
}
