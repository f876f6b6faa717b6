package io.chatcontinuity.conversation;

import io.chatcontinuity.common.validation.CheckedBody;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of an agent's or bot's reply ({@code POST /v1/apps/{appId}/conversations/{conversationId}/messages}). */
@Schema(name = "BrandMessage", description = "An agent's or bot's reply")
public record BrandMessage(
        @Schema(description = "The brand's own id of the message: posting it again is a harmless retry")
        @NotNull(message = "is required")
        @Pattern(regexp = MessageDraft.CLIENT_ID, message = MessageDraft.CLIENT_ID_RULE)
        String clientMessageId,

        @Schema(description = "1 to 4,000 characters; newline and tab allowed", examples = "How can I help?")
        @NotNull(message = "is required")
        @MessageText
        String text,

        @Schema(enumeration = {"agent", "bot"})
        @NotNull(message = "is required: agent or bot")
        @Pattern(regexp = "agent|bot", message = "must be agent or bot")
        String author)
        implements CheckedBody {}
