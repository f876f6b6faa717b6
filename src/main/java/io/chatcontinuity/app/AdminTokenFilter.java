package io.chatcontinuity.app;

import io.chatcontinuity.common.BearerCredentials;
import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.common.Secrets;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Guards the operator API with {@code CHAT_ADMIN_TOKEN}, compared in constant time. */
public class AdminTokenFilter {

    private final Optional<String> adminToken;

    AdminTokenFilter(AdminConfig config) {
        this.adminToken = config.token().filter(token -> !token.isBlank());
    }

    @ServerRequestFilter(preMatching = true)
    public void requireAdminToken(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/v1/admin/")) {
            return;
        }
        String presented = BearerCredentials.token(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (presented == null) {
            throw ProblemException.unauthorized("The admin token is required.");
        }
        if (adminToken.isEmpty() || !Secrets.constantTimeEquals(presented, adminToken.get())) {
            throw ProblemException.unauthorized("The admin token is wrong.");
        }
    }
}
