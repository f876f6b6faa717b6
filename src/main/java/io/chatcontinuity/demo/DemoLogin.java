package io.chatcontinuity.demo;

import io.chatcontinuity.common.validation.CheckedBody;
import jakarta.validation.constraints.NotNull;

/** The demo brand's login form: which of its two users signs in. */
record DemoLogin(@NotNull(message = "is required") String user) implements CheckedBody {}
