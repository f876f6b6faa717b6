package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatcontinuity.common.json.JsonNames;

/** Whether an app serves anonymous visitors or only identified users. */
public enum IdentityMode {
    @JsonProperty("optional")
    OPTIONAL,
    @JsonProperty("required")
    REQUIRED;

    /** The name JSON and the database know it by. */
    public String json() {
        return JsonNames.of(this);
    }
}
