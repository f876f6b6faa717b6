package io.chatcontinuity.conversation;

import io.chatcontinuity.app.BrandApp;
import io.chatcontinuity.common.problem.Problem;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/apps/{appId}/conversations/{conversationId}/messages")
@Tag(name = "Brand backend")
@CallableBy(Caller.BRAND)
@APIResponse(responseCode = "400", ref = ProblemAnswers.INVALID_REQUEST)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemAnswers.FORBIDDEN)
@APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
@APIResponse(
        responseCode = "409",
        description = "/problems/conflict: the same clientMessageId with other content",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "413", ref = ProblemAnswers.PAYLOAD_TOO_LARGE)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
@SecurityRequirement(name = SecuritySchemes.API_KEY)
public class BrandMessageResource {

    private final BrandApp brand;
    private final ConversationService conversations;

    BrandMessageResource(BrandApp brand, ConversationService conversations) {
        this.brand = brand;
        this.conversations = conversations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Post an agent's or bot's reply",
            description = "Same idempotency as the widget's post: 201, 200 for a retry, 409 for a reused "
                    + "clientMessageId with other content. Delivered live to every open widget of the conversation. "
                    + "404 for a conversation without messages or of another app; a conversation merged into a "
                    + "user's is written to the user's.")
    @Parameter(
            name = "appId",
            in = ParameterIn.PATH,
            required = true,
            description = "The app whose API key calls; another app's key is refused with 403")
    public Uni<Response> post(
            @PathParam("conversationId") String conversationId,
            @NotNull(message = "must be a JSON object") BrandMessage body) {
        MessageDraft draft = MessageDraft.of(body);
        return conversations.postAsBrand(brand.get(), conversationId, draft).map(MessageResource::answer);
    }
}
