package io.chatcontinuity.conversation;

import io.chatcontinuity.common.validation.CheckedBody;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a visitor's message ({@code POST /v1/sessions/current/messages}). */
@Schema(name = "VisitorMessage", description = "A visitor's message")
public record VisitorMessage(
        @Schema(
                description = "The widget's own id of the message: posting it again is a harmless retry",
                examples = "m-1733000000000-1")
        @NotNull(message = "is required")
        @Pattern(regexp = MessageDraft.CLIENT_ID, message = MessageDraft.CLIENT_ID_RULE)
        String clientMessageId,

        @Schema(description = "1 to 4,000 characters; newline and tab allowed", examples = "Hello!")
        @NotNull(message = "is required")
        @MessageText
        String text)
        implements CheckedBody {

    /**
     * The constraints above, checked by hand for the service's busiest request (VisitorMessageTest keeps them equal).
     */
    @Override
    public boolean plainlyValid() {
        return MessageDraft.plainClientId(clientMessageId) && text != null && MessageText.Validator.valid(text);
    }
}
