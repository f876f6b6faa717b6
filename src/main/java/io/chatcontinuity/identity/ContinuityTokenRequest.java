package io.chatcontinuity.identity;

import io.chatcontinuity.common.validation.CheckedBody;
import io.chatcontinuity.common.validation.IdShape;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v1/apps/{appId}/continuity-tokens}. */
@Schema(name = "ContinuityTokenRequest", description = "The logged-in user to mint a continuity token for")
public record ContinuityTokenRequest(
        @Schema(description = "The brand's id of the user: one line of at most 200 characters", examples = "user-8431")
        @NotNull(message = "is required")
        @IdShape("userId")
        String userId)
        implements CheckedBody {}
