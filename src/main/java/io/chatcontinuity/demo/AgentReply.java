package io.chatcontinuity.demo;

import io.chatcontinuity.common.validation.CheckedBody;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The demo agent console's reply, to the conversation the widget shows. */
record AgentReply(
        @NotNull(message = "must name the widget's conversation")
        @Pattern(regexp = "[A-Za-z0-9_-]{1,100}", message = "must name the widget's conversation")
        String conversationId,

        @NotBlank(message = "must not be blank") String text)
        implements CheckedBody {}
