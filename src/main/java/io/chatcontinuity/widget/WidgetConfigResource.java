package io.chatcontinuity.widget;

import io.chatcontinuity.common.http.BrowserRequest;
import io.chatcontinuity.common.problem.ProblemAnswers;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/apps/{appId}/widget-config")
@Tag(name = "Widget runtime")
@APIResponse(responseCode = "403", ref = ProblemAnswers.FORBIDDEN_ORIGIN)
@APIResponse(responseCode = "404", ref = ProblemAnswers.NOT_FOUND)
@APIResponse(responseCode = "503", ref = ProblemAnswers.UNAVAILABLE)
public class WidgetConfigResource {

    static final String CACHE_CONTROL = "public, max-age=60";

    private final WidgetConfigService configs;
    private final BrowserRequest browser;

    WidgetConfigResource(WidgetConfigService configs, BrowserRequest browser) {
        this.configs = configs;
        this.browser = browser;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The widget's config",
            description = "Public and cacheable for 60 s; answers 304 to a "
                    + "matching If-None-Match. Cross-origin only for the app's allowed origins.")
    public Uni<Response> get(
            @PathParam("appId") String appId, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return configs.configOf(appId).map(config -> {
            browser.requireAllowedOrigin(config.app()::allowsOrigin);
            Response.ResponseBuilder response = matches(ifNoneMatch, config.etag())
                    ? Response.notModified()
                    : Response.ok(config.json(), MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"));
            return response.header(HttpHeaders.ETAG, config.etag())
                    .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                    .header(HttpHeaders.VARY, "Origin")
                    .build();
        });
    }

    /**
     * RFC 9110 weak comparison, as If-None-Match requires: {@code W/"x"} matches {@code "x"}; {@code *} matches all.
     */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }
}
