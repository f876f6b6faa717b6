package io.chatcontinuity.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/sessions/current")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Widget runtime")
public class CurrentSessionResource {

    private final SessionAuthenticator authenticator;
    private final SessionService sessions;
    private final WidgetStateService states;

    CurrentSessionResource(SessionAuthenticator authenticator, SessionService sessions, WidgetStateService states) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.states = states;
    }

    @GET
    @Operation(summary = "The session the chat token names")
    public Uni<SessionView> get(RoutingContext ctx) {
        return authenticator
                .authenticate(ctx)
                .map(current -> new SessionView(
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
    public Uni<RefreshedToken> refresh(RoutingContext ctx) {
        return authenticator
                .authenticate(ctx)
                .chain(current -> sessions.refresh(current).map(token -> {
                    SessionCookies.set(ctx, current.app(), token);
                    return new RefreshedToken(token.token(), token.expiresAt());
                }));
    }

    @DELETE
    @Operation(
            summary = "Log out (session:reset)",
            description = "The session ends and every token of it stops "
                    + "working on every instance at once; the conversation is kept.")
    public Uni<Response> end(RoutingContext ctx) {
        return authenticator.authenticate(ctx).chain(current -> {
            return sessions.end(current.session(), current.app().settings(), "logout")
                    .map(done -> {
                        SessionCookies.clear(ctx, current.app());
                        return Response.noContent().build();
                    });
        });
    }

    @GET
    @Path("/state")
    @Operation(summary = "The widget state shared by the session's devices")
    public Uni<WidgetState> state(RoutingContext ctx) {
        return authenticator.authenticate(ctx).chain(states::current);
    }

    @PATCH
    @Path("/state")
    @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Change the widget state with a merge patch of open, triggerHiddenUntil, soundEnabled",
            description =
                    "open is kept only for apps with persistChatState; triggerHiddenUntil at most triggerSnooze ahead.")
    public Uni<WidgetState> patchState(JsonNode mergePatch, RoutingContext ctx) {
        return authenticator.authenticate(ctx).chain(current -> states.patch(current, mergePatch));
    }
}
