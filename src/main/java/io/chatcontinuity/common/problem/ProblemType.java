package io.chatcontinuity.common.problem;

/** The problem types of the HTTP contract, each with the status it is answered with. */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "Invalid request", 400),
    INVALID_TC_STRING("invalid-tc-string", "Invalid TC string", 400),
    UNAUTHORIZED("unauthorized", "Unauthorized", 401),
    FORBIDDEN("forbidden", "Forbidden", 403),
    CONSENT_REQUIRED("consent-required", "Consent required", 403),
    IDENTITY_REQUIRED("identity-required", "Identity required", 403),
    NOT_FOUND("not-found", "Not found", 404),
    CONFLICT("conflict", "Conflict", 409),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
    RATE_LIMITED("rate-limited", "Too many requests", 429),
    UNAVAILABLE("unavailable", "Service unavailable", 503);

    private final String uri;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.uri = "/problems/" + slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
