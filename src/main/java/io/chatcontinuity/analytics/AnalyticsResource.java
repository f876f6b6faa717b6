package io.chatcontinuity.analytics;

import io.chatcontinuity.common.problem.Problem;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.chatcontinuity.common.security.CallableBy;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.SecuritySchemes;
import io.chatcontinuity.session.VisitorSession;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/sessions/current")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Widget runtime")
@CallableBy(Caller.VISITOR)
@APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)
@APIResponse(
        responseCode = "403",
        description = "/problems/forbidden (an Origin the app does not allow) or /problems/consent-required",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
@SecurityRequirement(name = SecuritySchemes.CHAT_TOKEN)
@SecurityRequirement(name = SecuritySchemes.CHAT_COOKIE)
public class AnalyticsResource {

    static final String ANALYTICS_TOKEN_HEADER = "X-Analytics-Token";

    private final VisitorSession visitor;
    private final AnalyticsService analytics;

    AnalyticsResource(VisitorSession visitor, AnalyticsService analytics) {
        this.visitor = visitor;
        this.analytics = analytics;
    }

    @POST
    @Path("/analytics-token")
    @Operation(
            summary = "An analytics token, only while analytics consent is granted",
            description = "201 {token, expiresAt} (lifetime chat.analytics.token-ttl, default one hour); without "
                    + "consent /problems/consent-required. The token is not a chat token and is refused as one.")
    public Uni<Response> token() {
        return analytics
                .issueToken(visitor.get())
                .map(token ->
                        Response.status(Response.Status.CREATED).entity(token).build());
    }

    @POST
    @Path("/analytics/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Store analytics events, only while analytics consent is granted",
            description = "Chat token in Authorization, the same session's analytics token in X-Analytics-Token. "
                    + "Body {events: [{type, at, props?}]}: 1 to 100 events; type 1 to 64 of [A-Za-z0-9_.:-]; at an "
                    + "RFC 3339 time within the last 7 days (at most 5 minutes ahead); props a JSON object of at most "
                    + "4 KiB and 4 levels. 202 {accepted}: all events stored, or none. Consent is checked at every "
                    + "request: without it /problems/consent-required and nothing is stored, whatever the analytics "
                    + "token's expiry.")
    @APIResponse(responseCode = "400", ref = ProblemAnswers.INVALID_REQUEST)
    @APIResponse(responseCode = "413", ref = ProblemAnswers.PAYLOAD_TOO_LARGE)
    public Uni<Response> events(
            @NotNull(message = "must be a JSON object") AnalyticsBatch body,
            @HeaderParam(ANALYTICS_TOKEN_HEADER) String analyticsToken) {
        return analytics
                .record(visitor.get(), analyticsToken, body)
                .map(accepted -> Response.accepted(new AcceptedEvents(accepted)).build());
    }
}
