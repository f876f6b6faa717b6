package io.chatcontinuity.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatcontinuity.common.json.JsonNames;

/** Whether the visitor's analytics may run. */
public enum AnalyticsConsent {
    @JsonProperty("granted")
    GRANTED,
    @JsonProperty("denied")
    DENIED;

    /** The name JSON and the database know it by. */
    public String json() {
        return JsonNames.of(this);
    }
}
