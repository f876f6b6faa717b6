package io.chatcontinuity.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.common.RateLimiter;
import io.chatcontinuity.session.SessionAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The session's conversation, as the widget reads and writes it. Both work through a Redis outage. */
@Path("/v1/sessions/current/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Widget runtime")
public class MessageResource {

    private static final int DEFAULT_PAGE = 50;

    private final SessionAuthenticator authenticator;
    private final ConversationService conversations;

    MessageResource(SessionAuthenticator authenticator, ConversationService conversations) {
        this.authenticator = authenticator;
        this.conversations = conversations;
    }

    @GET
    @Operation(
            summary = "The conversation's history, newest first",
            description = "limit 1 to 100 (default 50); "
                    + "pass a page's nextCursor as before to read the next older page. Paging never skips or repeats a "
                    + "message while new ones arrive.")
    public Uni<MessagePage> history(
            @QueryParam("before") String before, @QueryParam("limit") String limit, RoutingContext ctx) {
        int pageSize = pageSize(limit);
        return authenticator
                .authenticateEvenWithoutRedis(ctx)
                .chain(current -> conversations.history(current, before, pageSize));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Post a visitor message",
            description = "201 when written; the same clientMessageId with the "
                    + "same text again answers 200 with the message first written, from any instance; with other text, 409. "
                    + "A 2xx means the message is committed. text: 1 to 4,000 characters.")
    public Uni<Response> post(JsonNode body, RoutingContext ctx) {
        MessageDraft draft = MessageDraft.fromVisitor(body);
        return authenticator
                .authenticateEvenWithoutRedis(ctx)
                .chain(current -> conversations.postAsVisitor(current, draft, RateLimiter.clientAddress(ctx)))
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
