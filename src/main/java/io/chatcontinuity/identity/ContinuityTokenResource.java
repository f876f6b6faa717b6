package io.chatcontinuity.identity;

import io.chatcontinuity.app.BrandApp;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/v1/apps/{appId}/continuity-tokens")
@Tag(name = "Brand backend")
@CallableBy(Caller.BRAND)
@APIResponse(responseCode = "400", ref = ProblemAnswers.INVALID_REQUEST)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemAnswers.FORBIDDEN)
@APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
@APIResponse(responseCode = "413", ref = ProblemAnswers.PAYLOAD_TOO_LARGE)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
@SecurityRequirement(name = SecuritySchemes.API_KEY)
public class ContinuityTokenResource {

    private final BrandApp brand;
    private final ContinuityTokenService tokens;

    ContinuityTokenResource(BrandApp brand, ContinuityTokenService tokens) {
        this.brand = brand;
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @Operation(
            summary = "Mint a continuity token for a logged-in user",
            description = "A fresh 256-bit token bound to userId; only its hash is stored. Hand it to the widget, "
                    + "which presents it to session creation.")
    @Parameter(
            name = "appId",
            in = ParameterIn.PATH,
            required = true,
            description = "The app whose API key calls; another app's key is refused with 403")
    public Uni<MintedContinuityToken> mint(@NotNull(message = "must be a JSON object") ContinuityTokenRequest body) {
        return tokens.mint(brand.get(), body.userId());
    }
}
