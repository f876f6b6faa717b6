package io.chatcontinuity.consent.tcf;

import java.util.List;

/**
 * Outcome of {@link TcfPolicy#decide}.
 *
 * @param granted whether every rule passed
 * @param reasons one entry per failed rule, e.g. {@code purpose 8 not consented}; empty when granted
 */
public record TcfDecision(boolean granted, List<String> reasons) {

    public TcfDecision {
        reasons = List.copyOf(reasons);
        if (granted != reasons.isEmpty()) {
            throw new IllegalArgumentException("a decision is granted exactly when it has no reasons");
        }
    }
}
