package io.chatcontinuity.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatcontinuity.common.json.JsonNames;

/** What a consent decision rests on. */
public enum ConsentBasis {
    /** The app runs no consent management (mode {@code none}). */
    @JsonProperty("not-managed")
    NOT_MANAGED,
    /** A boolean signal, or the app's {@code analyticsDefault} before one arrives (mode {@code flag}). */
    @JsonProperty("flag")
    FLAG,
    /** An IAB TCF string, or its absence (mode {@code tcf}). */
    @JsonProperty("tcf")
    TCF,
    /** The consent tool said that the GDPR does not apply to this visitor (mode {@code tcf}). */
    @JsonProperty("gdpr-not-applicable")
    GDPR_NOT_APPLICABLE;

    /** The name JSON and the database know it by. */
    public String json() {
        return JsonNames.of(this);
    }

    static ConsentBasis fromJson(String json) {
        return JsonNames.parse(ConsentBasis.class, json);
    }
}
