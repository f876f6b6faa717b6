package io.chatcontinuity.identity;

import io.chatcontinuity.app.BrandApp;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/apps/{appId}/users/{userId}/sessions")
@Tag(name = "Brand backend")
@CallableBy(Caller.BRAND)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemAnswers.FORBIDDEN)
@APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
@SecurityRequirement(name = SecuritySchemes.API_KEY)
public class UserSessionsResource {

    private final BrandApp brand;
    private final IdentifiedSessionService users;

    UserSessionsResource(BrandApp brand, IdentifiedSessionService users) {
        this.brand = brand;
        this.users = users;
    }

    @DELETE
    @Operation(
            summary = "End every session of a user",
            description = "On every device and every instance at once; "
                    + "the conversation is kept. 404 for a user the app has never seen.")
    @Parameter(
            name = "appId",
            in = ParameterIn.PATH,
            required = true,
            description = "The app whose API key calls; another app's key is refused with 403")
    public Uni<Response> endAll(@PathParam("userId") String userId) {
        return users.endAllSessionsOf(brand.get(), userId)
                .replaceWith(Response.noContent().build());
    }
}
