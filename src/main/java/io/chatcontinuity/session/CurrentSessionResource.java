package io.chatcontinuity.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.http.BrowserRequest;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/sessions/current")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Widget runtime")
@CallableBy(Caller.VISITOR)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemAnswers.FORBIDDEN_ORIGIN)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
@SecurityRequirement(name = SecuritySchemes.CHAT_TOKEN)
@SecurityRequirement(name = SecuritySchemes.CHAT_COOKIE)
public class CurrentSessionResource {

    private final VisitorSession visitor;
    private final BrowserRequest browser;
    private final SessionService sessions;
    private final WidgetStateService states;

    CurrentSessionResource(
            VisitorSession visitor, BrowserRequest browser, SessionService sessions, WidgetStateService states) {
        this.visitor = visitor;
        this.browser = browser;
        this.sessions = sessions;
        this.states = states;
    }

    @GET
    @Operation(summary = "The session the chat token names")
    public Uni<SessionView> get() {
        CurrentSession current = visitor.get();
        return Uni.createFrom()
                .item(new SessionView(
                        current.sessionId(),
                        current.session().visitorId(),
                        current.app().id(),
                        current.session().authenticated(),
                        current.session().conversationId(),
                        current.claims().expiresAt()));
    }

    @POST
    @Path("/refresh")
    @Operation(
            summary = "A new token for the same session",
            description = "Anonymous tokens slide to the app's full "
                    + "anonymous lifetime; an identified session keeps the expiry it got at login.")
    public Uni<RefreshedToken> refresh() {
        CurrentSession current = visitor.get();
        return sessions.refresh(current).map(token -> {
            SessionCookies.set(browser, current.app(), token);
            return new RefreshedToken(token.token(), token.expiresAt());
        });
    }

    @DELETE
    @Operation(
            summary = "Log out (session:reset)",
            description = "The session ends and every token of it stops "
                    + "working on every instance at once; the conversation is kept.")
    public Uni<Response> end() {
        CurrentSession current = visitor.get();
        return sessions.end(current.session(), current.app().settings(), "logout")
                .map(done -> {
                    SessionCookies.clear(browser, current.app());
                    return Response.noContent().build();
                });
    }

    @GET
    @Path("/state")
    @Operation(summary = "The widget state shared by the session's devices")
    public Uni<WidgetState> state() {
        return states.current(visitor.get());
    }

    @PATCH
    @Path("/state")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Change the widget state with a merge patch of open, triggerHiddenUntil, soundEnabled",
            description =
                    "open is kept only for apps with persistChatState; triggerHiddenUntil at most triggerSnooze ahead.")
    @APIResponse(responseCode = "400", ref = ProblemAnswers.INVALID_REQUEST)
    @APIResponse(responseCode = "413", ref = ProblemAnswers.PAYLOAD_TOO_LARGE)
    public Uni<WidgetState> patchState(
            @RequestBody(content = @Content(schema = @Schema(implementation = WidgetStateChange.class)))
                    JsonNode mergePatch) {
        return states.patch(visitor.get(), mergePatch);
    }
}
