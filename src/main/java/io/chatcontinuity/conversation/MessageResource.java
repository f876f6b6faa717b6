package io.chatcontinuity.conversation;

import io.chatcontinuity.common.http.BrowserRequest;
import io.chatcontinuity.common.problem.Problem;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.chatcontinuity.session.VisitorSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The session's conversation, as the widget reads and writes it. Both work through a Redis outage. */
@Path("/v1/sessions/current/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Widget runtime")
@CallableBy(value = Caller.VISITOR, evenWithoutRedis = true)
@APIResponse(responseCode = "400", ref = ProblemAnswers.INVALID_REQUEST)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemAnswers.FORBIDDEN_ORIGIN)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
@SecurityRequirement(name = SecuritySchemes.CHAT_TOKEN)
@SecurityRequirement(name = SecuritySchemes.CHAT_COOKIE)
public class MessageResource {

    private static final int DEFAULT_PAGE = 50;

    private final VisitorSession visitor;
    private final BrowserRequest browser;
    private final ConversationService conversations;

    MessageResource(VisitorSession visitor, BrowserRequest browser, ConversationService conversations) {
        this.visitor = visitor;
        this.browser = browser;
        this.conversations = conversations;
    }

    @GET
    @Operation(
            summary = "The conversation's history, newest first",
            description = "limit 1 to 100 (default 50); "
                    + "pass a page's nextCursor as before to read the next older page. Paging never skips or repeats a "
                    + "message while new ones arrive.")
    public Uni<MessagePage> history(@QueryParam("before") String before, @QueryParam("limit") String limit) {
        return conversations.history(visitor.get(), before, pageSize(limit));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Post a visitor message",
            description = "201 when written; the same clientMessageId with the same text again answers 200 "
                    + "with the message first written, from any instance; with other text, 409. A 2xx means the "
                    + "message is committed. text: 1 to 4,000 characters.")
    @APIResponse(
            responseCode = "409",
            description = "/problems/conflict: the same clientMessageId with other content",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", ref = ProblemAnswers.PAYLOAD_TOO_LARGE)
    @APIResponse(responseCode = "429", ref = ProblemAnswers.RATE_LIMITED)
    public Uni<Response> post(@RequestBody(required = true) VisitorMessage body) {
        // Checked here rather than by @NotNull: method validation would put an interceptor and two validator runs
        // around the service's busiest endpoint (1.5 % of its CPU per post, JFR 2026-11-30) for this one check.
        if (body == null) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        MessageDraft draft = MessageDraft.of(body);
        return conversations
                .postAsVisitor(visitor.get(), draft, browser.clientAddress())
                .map(MessageResource::answer);
    }

    static Response answer(ConversationService.Posted posted) {
        return Response.status(posted.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(posted.message())
                .build();
    }

    private static int pageSize(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_PAGE;
        }
        try {
            int size = Integer.parseInt(limit);
            if (size >= 1 && size <= ConversationService.MAX_PAGE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below, as any other out-of-range value
        }
        throw ProblemException.invalid("limit", "must be a whole number from 1 to " + ConversationService.MAX_PAGE);
    }
}
