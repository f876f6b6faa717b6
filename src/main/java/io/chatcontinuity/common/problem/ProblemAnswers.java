package io.chatcontinuity.common.problem;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The problem answers most operations share, documented once as components ({@code #/components/responses/...});
 * an endpoint names the ones it gives with
 * {@code @APIResponse(responseCode = "401", ref = ProblemAnswers.UNAUTHORIZED)} and documents only its own, such as a
 * 409, in full.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemAnswers implements OASFilter {

    public static final String INVALID_REQUEST = "InvalidRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String FORBIDDEN_ORIGIN = "ForbiddenOrigin";
    public static final String NOT_FOUND = "NotFound";
    public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    public static final String RATE_LIMITED = "RateLimited";
    public static final String UNAVAILABLE = "Unavailable";

    static final Map<String, String> DESCRIPTIONS = Map.of(
            INVALID_REQUEST,
            "/problems/invalid-request: the body, a parameter or a header is not valid (errors names each field)",
            UNAUTHORIZED,
            "/problems/unauthorized: the credential is missing, malformed, expired, tampered with or revoked",
            FORBIDDEN,
            "/problems/forbidden: a valid credential of another app, or an Origin the app does not allow",
            FORBIDDEN_ORIGIN,
            "/problems/forbidden: an Origin the app does not allow",
            NOT_FOUND,
            "/problems/not-found",
            PAYLOAD_TOO_LARGE,
            "/problems/payload-too-large: a body over 64 KiB",
            RATE_LIMITED,
            "/problems/rate-limited, with Retry-After",
            UNAVAILABLE,
            "/problems/unavailable: a backing store is down; with Retry-After");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Schema problem = OASFactory.createSchema().ref("Problem");
        DESCRIPTIONS.forEach((name, description) -> openAPI.getComponents()
                .addResponse(
                        name,
                        OASFactory.createAPIResponse()
                                .description(description)
                                .content(OASFactory.createContent()
                                        .addMediaType(
                                                Problem.MEDIA_TYPE,
                                                OASFactory.createMediaType().schema(problem)))));
    }
}
