package io.chatcontinuity.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.app.ApiKeyAuthenticator;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

@Path("/v1/apps/{appId}/continuity-tokens")
@Tag(name = "Brand backend")
public class ContinuityTokenResource {

    private final ApiKeyAuthenticator apiKeys;
    private final ContinuityTokenService tokens;

    ContinuityTokenResource(ApiKeyAuthenticator apiKeys, ContinuityTokenService tokens) {
        this.apiKeys = apiKeys;
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
    public Uni<MintedContinuityToken> mint(
            @PathParam("appId") String appId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            JsonNode body) {
        return apiKeys.authenticate(appId, authorization).chain(app -> tokens.mint(app, body));
    }
}
