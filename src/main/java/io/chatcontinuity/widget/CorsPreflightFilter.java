package io.chatcontinuity.widget;

import io.chatcontinuity.app.AppDirectory;
import io.chatcontinuity.common.http.Cors;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.problem.ProblemResponses;
import io.chatcontinuity.common.validation.IdShapes;
import io.chatcontinuity.common.validation.TextRules;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers CORS preflights of the browser-facing endpoints: for a path that names an app, from that app's allowed
 * origins; for {@code /v1/sessions/...}, whose app is only known from the chat token, from any app's (the request
 * itself is then checked against its own app). Other paths are for servers, not browsers, and grant nothing.
 */
public class CorsPreflightFilter {

    /** No app allows a longer origin (AppDefinition), so it is refused without asking a store. */
    private static final int MAX_ORIGIN_LENGTH = 255;

    private static final Pattern APP_PATH = Pattern.compile("^/v1/apps/([^/]+)/(widget-config|sessions)$");

    private final AppDirectory directory;
    private final ProblemResponses problems;

    CorsPreflightFilter(AppDirectory directory, ProblemResponses problems) {
        this.directory = directory;
        this.problems = problems;
    }

    /**
     * Every request passes here, so anything but a preflight goes on at once: null, which Quarkus REST neither
     * subscribes to nor suspends the request for, and headers read from the transport request, as asking JAX-RS for
     * one copies them all (a copy an event stream's request would keep for its whole life).
     */
    @ServerRequestFilter(preMatching = true)
    public Uni<Response> preflight(ContainerRequestContext request, HttpServerRequest transport) {
        if (!HttpMethod.OPTIONS.equals(transport.method())) {
            return null;
        }
        String origin = transport.getHeader("Origin");
        if (origin == null || transport.getHeader("Access-Control-Request-Method") == null) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        Matcher appPath = APP_PATH.matcher(path);
        Uni<Boolean> allowed;
        if (origin.length() > MAX_ORIGIN_LENGTH || TextRules.lineProblem(origin) != null) {
            allowed = Uni.createFrom().item(false);
        } else if (appPath.matches() && !IdShapes.isRandomId("app", appPath.group(1))) {
            allowed = Uni.createFrom().item(false);
        } else if (appPath.matches()) {
            allowed = directory.find(appPath.group(1)).map(app -> app != null && app.allowsOrigin(origin));
        } else if (path.startsWith("/v1/sessions/")) {
            allowed = directory.anyAppAllows(origin);
        } else {
            allowed = Uni.createFrom().item(false);
        }
        return allowed.map(ok ->
                ok ? grant(origin) : problems.of(ProblemException.forbidden("Origin " + origin + " is not allowed.")));
    }

    private static Response grant(String origin) {
        return Response.noContent()
                .header("Access-Control-Allow-Origin", origin)
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Methods", Cors.ALLOWED_METHODS)
                .header("Access-Control-Allow-Headers", Cors.ALLOWED_HEADERS)
                .header("Access-Control-Max-Age", "600")
                .header("Vary", "Origin")
                .build();
    }
}
