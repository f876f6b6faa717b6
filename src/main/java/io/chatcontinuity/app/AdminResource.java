package io.chatcontinuity.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The operator API: apps and their API keys. Every call needs the admin token ({@link AdminTokenMechanism}). */
@Path("/v1/admin/apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator")
@SecurityRequirement(name = SecuritySchemes.ADMIN_TOKEN)
@CallableBy(Caller.OPERATOR)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
public class AdminResource {

    private final AppService apps;

    AdminResource(AppService apps) {
        this.apps = apps;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(
            summary = "Create an app",
            description = "Answers the app with its first API key and its identity "
                    + "secret, which are shown only this once.")
    @APIResponse(responseCode = "400", ref = ProblemAnswers.INVALID_REQUEST)
    @APIResponse(responseCode = "413", ref = ProblemAnswers.PAYLOAD_TOO_LARGE)
    public Uni<CreatedApp> create(AppDefinition body) {
        return apps.create(body);
    }

    @GET
    @Path("/{appId}")
    @Operation(summary = "Read an app, without secrets")
    @APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
    public Uni<AppView> get(@PathParam("appId") String appId) {
        return apps.get(appId);
    }

    @PATCH
    @Path("/{appId}")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Change an app with a JSON merge patch of name, allowedOrigins and settings",
            description = "Every instance serves the new config within a second.")
    @APIResponse(responseCode = "400", ref = ProblemAnswers.INVALID_REQUEST)
    @APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
    @APIResponse(responseCode = "413", ref = ProblemAnswers.PAYLOAD_TOO_LARGE)
    public Uni<AppView> patch(
            @PathParam("appId") String appId,
            @RequestBody(content = @Content(schema = @Schema(implementation = AppDefinition.class)))
                    JsonNode mergePatch) {
        return apps.patch(appId, mergePatch);
    }

    @POST
    @Path("/{appId}/api-keys")
    @ResponseStatus(201)
    @Operation(summary = "Issue another API key", description = "Older keys stay valid; the key is shown once.")
    @APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
    public Uni<IssuedApiKey> issueApiKey(@PathParam("appId") String appId) {
        return apps.issueApiKey(appId);
    }

    @DELETE
    @Path("/{appId}/api-keys/{keyId}")
    @Operation(summary = "Revoke an API key", description = "It stops working at once on every instance.")
    @APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
    public Uni<Response> revokeApiKey(@PathParam("appId") String appId, @PathParam("keyId") String keyId) {
        return apps.revokeApiKey(appId, keyId).map(done -> Response.noContent().build());
    }
}
