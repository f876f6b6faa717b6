package io.chatcontinuity.consent;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether the visitor's analytics may run. */
public enum AnalyticsConsent {
    GRANTED("granted"),
    DENIED("denied");

    private final String json;

    AnalyticsConsent(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
