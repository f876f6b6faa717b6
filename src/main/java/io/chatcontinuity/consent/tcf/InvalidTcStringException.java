package io.chatcontinuity.consent.tcf;

/**
 * A TC string that cannot be trusted as a consent signal. {@link #getMessage()} is a short, human-readable reason that
 * never echoes the input, so it is safe to return to clients.
 */
public final class InvalidTcStringException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * No stack trace: refusals are expected on hostile input and are reported by message only, so capturing a stack
     * per refused string would be pure cost.
     */
    public InvalidTcStringException(String reason) {
        super(reason, null, false, false);
    }
}
