package io.chatcontinuity.identity;

import io.chatcontinuity.app.ApiKeyAuthenticator;
import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.session.SessionService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/apps/{appId}/users/{userId}/sessions")
@Tag(name = "Brand backend")
public class UserSessionsResource {

    private final ApiKeyAuthenticator apiKeys;
    private final EndUserRepository users;
    private final SessionService sessions;

    UserSessionsResource(ApiKeyAuthenticator apiKeys, EndUserRepository users, SessionService sessions) {
        this.apiKeys = apiKeys;
        this.users = users;
        this.sessions = sessions;
    }

    @DELETE
    @Operation(
            summary = "End every session of a user",
            description = "On every device and every instance at once; "
                    + "the conversation is kept. 404 for a user the app has never seen.")
    public Uni<Response> endAll(
            @PathParam("appId") String appId,
            @PathParam("userId") String userId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return apiKeys.authenticate(appId, authorization)
                .chain(app -> users.load(appId, userId)
                        .onItem()
                        .ifNull()
                        .failWith(() -> ProblemException.notFound("No user " + userId + " in app " + appId + "."))
                        .chain(user -> sessions.endAllOfVisitor(app, user.visitorId, "revoked")))
                .replaceWith(Response.noContent().build());
    }
}
