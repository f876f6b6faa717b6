package io.chatcontinuity.widget;

import io.chatcontinuity.app.App;
import io.chatcontinuity.app.AppDirectory;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The provider-storage frame of the widget's {@code cross-domain} chain: a blank page whose script keeps the
 * widget's items in this service's localStorage. Only the app's allowed origins may frame it ({@code frame-ancestors});
 * its script answers only its parent, at that parent's exact origin.
 */
@Path("/widget/v1/frame/{appId}")
@Tag(name = "Widget runtime")
public class WidgetFrameResource {

    static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>chat storage</title>\
            <script src="/widget/v1/frame.js?v=1.0.0"></script></head><body></body></html>
            """;
    /** What a CSP source expression may hold: an allowed origin with anything else in it is left out. */
    private static final Pattern SAFE_ORIGIN = Pattern.compile("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

    private final AppDirectory directory;

    WidgetFrameResource(AppDirectory directory) {
        this.directory = directory;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(
            summary = "The widget's provider-storage frame",
            description = "Frameable only by the app's allowed " + "origins; cached for 60 s, as the widget config is.")
    public Uni<Response> frame(@PathParam("appId") String appId) {
        return directory
                .require(appId)
                .map(app -> Response.ok(PAGE, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                        .header("Content-Security-Policy", policy(app))
                        .header("Cache-Control", WidgetConfigResource.CACHE_CONTROL)
                        .header("Referrer-Policy", "no-referrer")
                        .header("X-Content-Type-Options", "nosniff")
                        .build());
    }

    static String policy(App app) {
        String ancestors = app.allowedOrigins().stream()
                .filter(o -> SAFE_ORIGIN.matcher(o).matches())
                .collect(Collectors.joining(" "));
        return "default-src 'none'; script-src 'self'; frame-ancestors " + (ancestors.isEmpty() ? "'none'" : ancestors);
    }
}
