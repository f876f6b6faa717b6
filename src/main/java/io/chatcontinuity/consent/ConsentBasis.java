package io.chatcontinuity.consent;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a consent decision rests on. */
public enum ConsentBasis {
    /** The app runs no consent management (mode {@code none}). */
    NOT_MANAGED("not-managed"),
    /** A boolean signal, or the app's {@code analyticsDefault} before one arrives (mode {@code flag}). */
    FLAG("flag"),
    /** An IAB TCF string, or its absence (mode {@code tcf}). */
    TCF("tcf"),
    /** The consent tool said that the GDPR does not apply to this visitor (mode {@code tcf}). */
    GDPR_NOT_APPLICABLE("gdpr-not-applicable");

    private final String json;

    ConsentBasis(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    static ConsentBasis fromJson(String json) {
        for (ConsentBasis basis : values()) {
            if (basis.json.equals(json)) {
                return basis;
            }
        }
        throw new IllegalArgumentException("unknown consent basis " + json);
    }
}
