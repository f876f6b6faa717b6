package io.chatcontinuity.token;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/.well-known/jwks.json")
@Tag(name = "Widget runtime")
public class JwksResource {

    private final ChatTokenKeys keys;

    JwksResource(ChatTokenKeys keys) {
        this.keys = keys;
    }

    @GET
    @NonBlocking
    @Produces("application/jwk-set+json")
    @Operation(summary = "Public keys of the asymmetric chat-token signing keys")
    public Response jwks() {
        return Response.ok(keys.publicJwks())
                .header("Cache-Control", "public, max-age=300")
                .build();
    }
}
