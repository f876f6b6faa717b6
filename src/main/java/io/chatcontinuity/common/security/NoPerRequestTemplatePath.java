package io.chatcontinuity.common.security;

import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Takes Quarkus's default authentication-failure handler off each request before Quarkus REST's filter sees it.
 *
 * <p>Why: with Micrometer present, that filter (priority 199, just after authentication at 200) finds the default
 * handler on every request and computes the request's metrics URL template for the case authentication fails,
 * building a fresh {@code RequestMapper} of all resource classes each time (Quarkus 3.32,
 * {@code ObservabilityIntegrationRecorder.setTemplatePath}): 2.9 % of the event loops' CPU samples while posting
 * messages (async-profiler, 2026-12-06; a JFR profile the same day had put it at 5.5 %). Then it swaps in a
 * handler that Quarkus REST removes again as it starts on the request.
 * Nothing here needs that handler: authentication is not proactive, and {@link CallerFilter} runs the mechanisms
 * itself and answers refusals as problems, so removing it early leaves Quarkus REST in the state it reaches anyway;
 * a failed request's metrics still carry its template, set by Quarkus REST's own observability handler.
 *
 * <p>The route is added while the router is built, before Quarkus adds its filters, and Vert.x runs routes of equal
 * order in the order they were added: so it runs after authentication (order -200) and before REST's filter (order
 * -199, added later). {@code NoPerRequestTemplatePathTest} checks that order.
 */
@ApplicationScoped
public class NoPerRequestTemplatePath {

    static final int BEFORE_REST_AUTH_FAILURE_FILTER = -(SecurityHandlerPriorities.AUTHENTICATION - 1);

    void install(@Observes Router router) {
        router.route().order(BEFORE_REST_AUTH_FAILURE_FILTER).handler(ctx -> {
            if (ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof DefaultAuthFailureHandler) {
                ctx.remove(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
            }
            ctx.next();
        });
    }
}
