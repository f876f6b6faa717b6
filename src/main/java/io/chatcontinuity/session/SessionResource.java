package io.chatcontinuity.session;

import io.chatcontinuity.app.App;
import io.chatcontinuity.app.AppDirectory;
import io.chatcontinuity.common.http.BearerCredentials;
import io.chatcontinuity.common.http.BrowserRequest;
import io.chatcontinuity.common.problem.Problem;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.token.IssuedToken;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/apps/{appId}/sessions")
@Tag(name = "Widget runtime")
@APIResponse(responseCode = "400", ref = ProblemAnswers.INVALID_REQUEST)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(
        responseCode = "403",
        description = "/problems/forbidden (an Origin the app does not allow) or /problems/identity-required",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
@APIResponse(responseCode = "413", ref = ProblemAnswers.PAYLOAD_TOO_LARGE)
@APIResponse(responseCode = "429", ref = ProblemAnswers.RATE_LIMITED)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
public class SessionResource {

    private final AppDirectory directory;
    private final SessionStarter starter;
    private final BrowserRequest browser;

    SessionResource(AppDirectory directory, SessionStarter starter, BrowserRequest browser) {
        this.directory = directory;
        this.starter = starter;
        this.browser = browser;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Start or resume a session",
            description = "No credential: a new anonymous visitor (201). A chat token alone: the same session "
                    + "with a fresh token (200). A continuityToken or identityToken: the identified user's session "
                    + "and conversation (201), merging the presented anonymous session's messages when merge is true "
                    + "and the app allows it. A presented credential that does not verify answers 401; the widget "
                    + "then starts afresh without it.")
    public Uni<Response> start(
            @PathParam("appId") String appId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            SessionStartRequest body) {
        SessionStartRequest request = SessionStartRequest.orEmpty(body);
        return directory.require(appId).chain(app -> {
            browser.requireAllowedOrigin(app::allowsOrigin);
            SessionStarter.PresentedToken presented = presented(authorization, appId);
            if (presented != null && presented.viaCookie() && browser.origin() == null) {
                throw ProblemException.forbidden("A cookie-authenticated change needs an allowed Origin.");
            }
            return starter.start(app, request, presented, browser.clientAddress())
                    .map(started -> respond(app, started));
        });
    }

    /** The chat token presented for {@code appId}, or null: the header first, then the app's cookie. */
    private SessionStarter.PresentedToken presented(String authorization, String appId) {
        String header = BearerCredentials.token(authorization);
        if (header != null) {
            return new SessionStarter.PresentedToken(header, false);
        }
        String cookie = browser.cookie(SessionCookies.name(appId));
        return cookie == null ? null : new SessionStarter.PresentedToken(cookie, true);
    }

    private Response respond(App app, SessionStarter.Started started) {
        SessionCookies.set(
                browser,
                app,
                new IssuedToken(started.grant().token(), started.grant().expiresAt()));
        return Response.status(started.created() ? 201 : 200)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(started.grant())
                .build();
    }
}
