package io.chatcontinuity.privacy;

import io.chatcontinuity.app.BrandApp;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/apps/{appId}/users/{userId}")
@Tag(name = "Brand backend")
@CallableBy(Caller.BRAND)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemAnswers.FORBIDDEN)
@APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
@SecurityRequirement(name = SecuritySchemes.API_KEY)
public class UserDataResource {

    private final BrandApp brand;
    private final UserDataService users;

    UserDataResource(BrandApp brand, UserDataService users) {
        this.brand = brand;
        this.users = users;
    }

    @GET
    @Path("/export")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Everything stored about a user",
            description = "Sessions of every device, the conversation (with the anonymous conversations "
                    + "merged into it), consent records with their raw signals, analytics events, and when "
                    + "continuity tokens were made. 404 for a user the app has never seen.")
    @Parameter(
            name = "appId",
            in = ParameterIn.PATH,
            required = true,
            description = "The app whose API key calls; another app's key is refused with 403")
    public Uni<UserData> export(@PathParam("userId") String userId) {
        return users.export(brand.get(), userId);
    }

    @DELETE
    @Operation(
            summary = "Erase a user",
            description = "Ends every session of the user at once, then deletes the conversation and its "
                    + "messages, consent records, analytics events, sessions, continuity tokens and the user, from "
                    + "Postgres and Redis. The user's next continuity or identity token starts afresh.")
    @Parameter(
            name = "appId",
            in = ParameterIn.PATH,
            required = true,
            description = "The app whose API key calls; another app's key is refused with 403")
    public Uni<Response> erase(@PathParam("userId") String userId) {
        return users.erase(brand.get(), userId).replaceWith(Response.noContent().build());
    }
}
