package io.chatcontinuity.widget;

import io.chatcontinuity.app.AppDirectory;
import io.chatcontinuity.common.http.Cors;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Lets the widget read a 401 from {@code /v1/sessions/...}. Such a request is refused before its app is known (no
 * token, or one that does not verify), so no per-app grant was made; without one the browser hides the answer and the
 * widget cannot tell "no session" (cookie mode probes with {@code GET /v1/sessions/current}) from a network failure.
 * As for the preflight of these paths, an origin that any app allows is granted. Written with {@code set} on the
 * transport response, as {@link Cors#grant} does when the app was known after all (a revoked token): one value each.
 */
public class UnauthorizedCorsFilter {

    private final AppDirectory directory;

    UnauthorizedCorsFilter(AppDirectory directory) {
        this.directory = directory;
    }

    @ServerResponseFilter
    public Uni<Void> grantUnauthorized(
            ContainerRequestContext request, ContainerResponseContext response, HttpServerResponse transport) {
        String origin = request.getHeaderString("Origin");
        if (response.getStatus() != 401
                || origin == null
                || response.getHeaders().containsKey("Access-Control-Allow-Origin")
                || !request.getUriInfo().getPath().startsWith("/v1/sessions/")) {
            return Uni.createFrom().voidItem();
        }
        return directory
                .anyAppAllows(origin)
                .invoke(allowed -> {
                    if (allowed) {
                        Cors.grant(transport, origin);
                    }
                })
                .replaceWithVoid();
    }
}
