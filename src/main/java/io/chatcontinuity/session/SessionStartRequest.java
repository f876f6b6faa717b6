package io.chatcontinuity.session;

import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.validation.CheckedBody;
import io.chatcontinuity.common.validation.SafeText;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v1/apps/{appId}/sessions}; every field optional, the body too. */
@Schema(name = "SessionStartRequest", description = "How to start or resume a session; an empty body starts afresh")
public record SessionStartRequest(
        @Schema(description = "The logged-in user's continuity token, from the brand's backend")
        @Size(max = 512, message = "must be at most {max} characters")
        @SafeText
        String continuityToken,

        @Schema(
                description =
                        "An HS256 JWT signed with the app's identity secret: sub the user, exp at most 10 minutes")
        @Size(max = 4096, message = "must be at most {max} characters")
        @SafeText
        String identityToken,

        @Schema(description = "Move the presented anonymous session's messages into the user's conversation")
        boolean merge)
        implements CheckedBody {

    static final SessionStartRequest EMPTY = new SessionStartRequest(null, null, false);

    /** The body as sent (none reads as empty), naming at most one of the user's credentials. */
    static SessionStartRequest orEmpty(SessionStartRequest body) {
        if (body == null) {
            return EMPTY;
        }
        if (body.continuityToken != null && body.identityToken != null) {
            throw ProblemException.invalid("identityToken", "send either continuityToken or identityToken, not both");
        }
        return body;
    }

    boolean identifies() {
        return continuityToken != null || identityToken != null;
    }
}
