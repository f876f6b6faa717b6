package io.chatcontinuity.common.problem;

import java.time.Duration;
import java.util.List;

/**
 * A request that ends in one of the contract's problems. Thrown by services; turned into a response in one place,
 * {@link ProblemMapper}. Carries no stack trace: it is an answer, not a fault.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final int status;
    private final List<FieldError> errors;
    private final Duration retryAfter;

    public ProblemException(ProblemType type, String detail) {
        this(type, type.status(), detail, List.of(), null);
    }

    private ProblemException(
            ProblemType type, int status, String detail, List<FieldError> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(ProblemType.INVALID_REQUEST, 400, detail, errors, null);
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /** A problem answered with a status other than its type's usual one (405, 406, 415 for protocol errors). */
    public static ProblemException withStatus(ProblemType type, int status, String detail) {
        return new ProblemException(type, status, detail, List.of(), null);
    }

    public static ProblemException rateLimited(Duration retryAfter) {
        return new ProblemException(
                ProblemType.RATE_LIMITED, 429, "Too many attempts; retry later.", List.of(), retryAfter);
    }

    /** A backing store is down: {@code /problems/unavailable} with a {@code Retry-After}. */
    public static ProblemException unavailable() {
        return new ProblemException(
                ProblemType.UNAVAILABLE,
                503,
                "A backing store is unavailable; retry shortly.",
                List.of(),
                Duration.ofSeconds(5));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
