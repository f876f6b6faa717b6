package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an app's visitors signal analytics consent: not managed, a boolean flag, or an IAB TCF string. */
public enum ConsentMode {
    NONE("none"),
    FLAG("flag"),
    TCF("tcf");

    private final String json;

    ConsentMode(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
