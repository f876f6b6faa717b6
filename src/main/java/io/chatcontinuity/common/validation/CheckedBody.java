package io.chatcontinuity.common.validation;

/**
 * A request body record that {@link CheckedBodyReader} reads: every wrong field of it is named in one answer, types
 * and constraints alike, as the contract's {@code errors} array.
 */
public interface CheckedBody {}
