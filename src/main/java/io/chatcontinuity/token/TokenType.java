package io.chatcontinuity.token;

/**
 * The {@code typ} claim of a token we sign: the two kinds of chat token, and the analytics token. The keys are the
 * same, so {@code typ} is what keeps one from being used as the other.
 */
public enum TokenType {
    ANONYMOUS("anonymous"),
    AUTHENTICATED("authenticated"),
    ANALYTICS("analytics");

    private final String claim;

    TokenType(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }

    /** Whether a token of this type identifies a session to the chat endpoints. */
    public boolean isChat() {
        return this != ANALYTICS;
    }

    static TokenType fromClaim(String claim) {
        for (TokenType type : values()) {
            if (type.claim.equals(claim)) {
                return type;
            }
        }
        return null;
    }
}
