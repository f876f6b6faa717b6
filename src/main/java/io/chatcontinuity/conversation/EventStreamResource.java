package io.chatcontinuity.conversation;

import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.chatcontinuity.session.CurrentSession;
import io.chatcontinuity.session.VisitorSession;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

@Path("/v1/sessions/current/events")
@Tag(name = "Widget runtime")
@APIResponse(responseCode = "400", ref = ProblemAnswers.INVALID_REQUEST)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemAnswers.FORBIDDEN_ORIGIN)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
@SecurityRequirement(name = SecuritySchemes.CHAT_TOKEN)
@SecurityRequirement(name = SecuritySchemes.CHAT_COOKIE)
public class EventStreamResource {

    private final ConversationService conversations;
    private final VisitorSession visitor;

    EventStreamResource(ConversationService conversations, VisitorSession visitor) {
        this.conversations = conversations;
        this.visitor = visitor;
    }

    @GET
    @CallableBy(value = Caller.VISITOR, evenWithoutRedis = true)
    @StreamStart.Required
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // Proxies must pass events on as they come, not buffer them.
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(
            summary = "The conversation's messages as they arrive, from any instance",
            description = "Event 'message' carries a message; its id is the message's place in the "
                    + "conversation, so a reconnect with Last-Event-ID replays whatever was missed. Comments are "
                    + "heartbeats. Event 'conversation' ({conversationId}) says the visitor logged in and the stream "
                    + "now carries the user's conversation; event 'ended' says the session ended (logout or "
                    + "revocation) and the stream closes.")
    public Multi<OutboundSseEvent> events(@HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        long conversationLastSeq = StreamStart.lastSeq();
        Long after = lastEventId(lastEventId);
        long startAfter = after != null ? after : conversationLastSeq;
        CurrentSession current = visitor.get();
        return new SseEvents(sse, events -> conversations.stream(current, startAfter, events));
    }

    private static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seq = Long.parseLong(header.trim());
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid("Last-Event-ID", "must be the id of an event this stream sent");
    }
}
