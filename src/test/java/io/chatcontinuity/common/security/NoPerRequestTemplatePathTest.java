package io.chatcontinuity.common.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.junit.jupiter.api.Test;

/**
 * The default authentication-failure handler is gone before Quarkus REST's filter looks for it: had that filter seen
 * it, it would have computed a template path and left its own failing handler in the context, which the probe (a
 * route after both) would then find.
 */
@QuarkusTest
class NoPerRequestTemplatePathTest {

    private static final String PROBE = "X-Test-Auth-Failure-Handler";

    @Test
    void quarkusRestFindsNoDefaultAuthFailureHandler() {
        given().header(PROBE, "1")
                .get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .header(PROBE, equalTo("none"));
    }

    @Test
    void aRefusedCredentialIsStillTheContractsProblem() {
        given().header("Authorization", "Bearer not-a-token")
                .get("/v1/sessions/current")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    /** Reports which authentication-failure handler the context holds after the security filters ran. */
    @ApplicationScoped
    static class Probe {

        void install(@Observes Router router) {
            router.route()
                    .order(NoPerRequestTemplatePath.BEFORE_REST_AUTH_FAILURE_FILTER + 1)
                    .handler(ctx -> {
                        if (ctx.request().getHeader(PROBE) != null) {
                            Object handler = ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
                            ctx.response()
                                    .putHeader(
                                            PROBE,
                                            handler == null
                                                    ? "none"
                                                    : handler.getClass().getName());
                        }
                        ctx.next();
                    });
        }
    }
}
