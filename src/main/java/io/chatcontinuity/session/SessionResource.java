package io.chatcontinuity.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.app.App;
import io.chatcontinuity.app.AppDirectory;
import io.chatcontinuity.common.Cors;
import io.chatcontinuity.common.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/apps/{appId}/sessions")
@Tag(name = "Widget runtime")
public class SessionResource {

    private final AppDirectory directory;
    private final SessionStarter starter;

    SessionResource(AppDirectory directory, SessionStarter starter) {
        this.directory = directory;
        this.starter = starter;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Start or resume a session",
            description = "No credential: a new anonymous visitor (201). "
                    + "A chat token alone: the same session with a fresh token (200). A continuityToken or identityToken: the "
                    + "identified user's session and conversation (201), merging the presented anonymous session's messages "
                    + "when merge is true and the app allows it. A presented credential that does not verify answers 401; "
                    + "the widget then starts afresh without it.")
    public Uni<Response> start(@PathParam("appId") String appId, JsonNode body, RoutingContext ctx) {
        SessionStartRequest request = SessionStartRequest.read(body);
        return directory.require(appId).chain(app -> {
            Cors.requireAllowedOrigin(ctx, app::allowsOrigin);
            SessionAuthenticator.PresentedToken presented = SessionAuthenticator.presented(ctx, appId);
            if (presented != null && presented.viaCookie() && Cors.origin(ctx) == null) {
                throw ProblemException.forbidden("A cookie-authenticated change needs an allowed Origin.");
            }
            return starter.start(app, request, presented, ctx).map(started -> respond(ctx, app, started));
        });
    }

    private static Response respond(RoutingContext ctx, App app, SessionStarter.Started started) {
        SessionCookies.set(
                ctx,
                app,
                new io.chatcontinuity.token.IssuedToken(
                        started.grant().token(), started.grant().expiresAt()));
        return Response.status(started.created() ? 201 : 200)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(started.grant())
                .build();
    }
}
