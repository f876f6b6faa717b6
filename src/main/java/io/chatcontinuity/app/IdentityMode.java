package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an app serves anonymous visitors or only identified users. */
public enum IdentityMode {
    OPTIONAL("optional"),
    REQUIRED("required");

    private final String json;

    IdentityMode(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
