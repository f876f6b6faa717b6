package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatcontinuity.common.json.JsonNames;

/** How an app's visitors signal analytics consent: not managed, a boolean flag, or an IAB TCF string. */
public enum ConsentMode {
    @JsonProperty("none")
    NONE,
    @JsonProperty("flag")
    FLAG,
    @JsonProperty("tcf")
    TCF;

    /** The name JSON and the database know it by. */
    public String json() {
        return JsonNames.of(this);
    }
}
