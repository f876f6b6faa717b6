package io.chatcontinuity.token;

/** The {@code typ} claim of a chat token. */
public enum TokenType {
    ANONYMOUS("anonymous"), AUTHENTICATED("authenticated");

    private final String claim;

    TokenType(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
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
