package io.chatcontinuity.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.session.SessionAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
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
public class AnalyticsResource {

    static final String ANALYTICS_TOKEN_HEADER = "X-Analytics-Token";

    private final SessionAuthenticator authenticator;
    private final AnalyticsService analytics;

    AnalyticsResource(SessionAuthenticator authenticator, AnalyticsService analytics) {
        this.authenticator = authenticator;
        this.analytics = analytics;
    }

    @POST
    @Path("/analytics-token")
    @Operation(
            summary = "An analytics token, only while analytics consent is granted",
            description = "201 {token, expiresAt} (lifetime chat.analytics.token-ttl, default one hour); without "
                    + "consent /problems/consent-required. The token is not a chat token and is refused as one.")
    public Uni<Response> token(RoutingContext ctx) {
        return authenticator
                .authenticate(ctx)
                .chain(analytics::issueToken)
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
    public Uni<Response> events(
            JsonNode body, @HeaderParam(ANALYTICS_TOKEN_HEADER) String analyticsToken, RoutingContext ctx) {
        return authenticator
                .authenticate(ctx)
                .chain(current -> analytics.record(current, analyticsToken, body))
                .map(accepted -> Response.accepted(new AcceptedEvents(accepted)).build());
    }
}
