package io.chatcontinuity.consent;

/**
 * A session's decision in force as Redis holds it: the latest decision and the policy fingerprint it was made under,
 * or, when the session has no consent record at all, neither (so that such sessions need not ask Postgres again).
 */
record CachedDecision(String policy, ConsentDecision decision) {

    static final CachedDecision NO_RECORD = new CachedDecision(null, null);

    /** The decision, if it was made under {@code policy}; otherwise the policy's default. */
    ConsentDecision inForceUnder(ConsentPolicy current) {
        return decision != null && current.fingerprint().equals(policy) ? decision : current.byDefault();
    }
}
