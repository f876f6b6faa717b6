package io.chatcontinuity.common.validation;

/**
 * A request body record that {@link CheckedBodyReader} reads: every wrong field of it is named in one answer, types
 * and constraints alike, as the contract's {@code errors} array.
 */
public interface CheckedBody {

    /**
     * True only when Bean Validation would find nothing wrong with this body, told at once: the reader then skips the
     * validator, whose run costs more than a hot endpoint's whole body check by hand. False whenever in doubt, and
     * always by default: the validator then decides and names every problem, so the answers stay its own.
     */
    default boolean plainlyValid() {
        return false;
    }
}
