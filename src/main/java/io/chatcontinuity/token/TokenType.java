package io.chatcontinuity.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatcontinuity.common.json.JsonNames;

/**
 * The {@code typ} claim of a token we sign: the two kinds of chat token, and the analytics token. The keys are the
 * same, so {@code typ} is what keeps one from being used as the other.
 */
public enum TokenType {
    @JsonProperty("anonymous")
    ANONYMOUS,
    @JsonProperty("authenticated")
    AUTHENTICATED,
    @JsonProperty("analytics")
    ANALYTICS;

    /** The value of the {@code typ} claim. */
    public String claim() {
        return JsonNames.of(this);
    }

    /** Whether a token of this type identifies a session to the chat endpoints. */
    public boolean isChat() {
        return this != ANALYTICS;
    }

    /** The type a {@code typ} claim names, or null for any other value. */
    static TokenType fromClaim(String claim) {
        return JsonNames.find(TokenType.class, claim);
    }
}
