package io.chatcontinuity.identity;

import io.chatcontinuity.app.BrandApp;
import io.chatcontinuity.common.problem.Problem;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/v1/apps/{appId}/continuity-tokens")
@Tag(name = "Brand backend")
@CallableBy(Caller.BRAND)
@APIResponse(
        responseCode = "400",
        description =
                "/problems/invalid-request: the body, a parameter or a header is not valid (errors names each field)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "401",
        description = "/problems/unauthorized: the credential is missing, malformed, expired, tampered with or revoked",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "403",
        description = "/problems/forbidden: a valid credential of another app, or an Origin the app does not allow",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "404",
        description = "/problems/not-found",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "413",
        description = "/problems/payload-too-large: a body over 64 KiB",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "503",
        description = "/problems/unavailable: a backing store is down; with Retry-After",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
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
            description =
                    "A fresh 256-bit token bound "
                            + "to userId; only its hash is stored. Hand it to the widget, which presents it to session creation.")
    @Parameter(
            name = "appId",
            in = ParameterIn.PATH,
            required = true,
            description = "The app whose API key calls; another app's key is refused with 403")
    public Uni<MintedContinuityToken> mint(@NotNull(message = "must be a JSON object") ContinuityTokenRequest body) {
        return tokens.mint(brand.get(), body.userId());
    }
}
