package io.chatcontinuity.privacy;

import io.chatcontinuity.app.ApiKeyAuthenticator;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/apps/{appId}/users/{userId}")
@Tag(name = "Brand backend")
public class UserDataResource {

    private final ApiKeyAuthenticator apiKeys;
    private final UserDataService users;

    UserDataResource(ApiKeyAuthenticator apiKeys, UserDataService users) {
        this.apiKeys = apiKeys;
        this.users = users;
    }

    @GET
    @Path("/export")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Everything stored about a user",
            description = "Sessions of every device, the conversation "
                    + "(with the anonymous conversations merged into it), consent records with their raw signals, analytics "
                    + "events, and when continuity tokens were made. 404 for a user the app has never seen.")
    public Uni<UserData> export(
            @PathParam("appId") String appId,
            @PathParam("userId") String userId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return apiKeys.authenticate(appId, authorization).chain(app -> users.export(app, userId));
    }

    @DELETE
    @Operation(
            summary = "Erase a user",
            description = "Ends every session of the user at once, then deletes the "
                    + "conversation and its messages, consent records, analytics events, sessions, continuity tokens and the "
                    + "user, from Postgres and Redis. The user's next continuity or identity token starts afresh.")
    public Uni<Response> erase(
            @PathParam("appId") String appId,
            @PathParam("userId") String userId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return apiKeys.authenticate(appId, authorization)
                .chain(app -> users.erase(app, userId))
                .replaceWith(Response.noContent().build());
    }
}
