package io.chatcontinuity.conversation;

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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/apps/{appId}/conversations/{conversationId}/messages")
@Tag(name = "Brand backend")
public class BrandMessageResource {

    private final ApiKeyAuthenticator apiKeys;
    private final ConversationService conversations;

    BrandMessageResource(ApiKeyAuthenticator apiKeys, ConversationService conversations) {
        this.apiKeys = apiKeys;
        this.conversations = conversations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Post an agent's or bot's reply",
            description = "Same idempotency as the widget's post: 201, "
                    + "200 for a retry, 409 for a reused clientMessageId with other content. Delivered live to every open "
                    + "widget of the conversation. 404 for a conversation without messages or of another app; a conversation "
                    + "merged into a user's is written to the user's.")
    public Uni<Response> post(
            @PathParam("appId") String appId,
            @PathParam("conversationId") String conversationId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            JsonNode body) {
        return apiKeys.authenticate(appId, authorization)
                .chain(app -> {
                    MessageDraft draft = MessageDraft.fromBrand(body);
                    return conversations.postAsBrand(app, conversationId, draft);
                })
                .map(MessageResource::answer);
    }
}
