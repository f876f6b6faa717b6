package io.chatcontinuity.common.problem;

/** One invalid field of a request: {@code field} is a dotted path such as {@code settings.consent.vendorId}. */
public record FieldError(String field, String message) {}
