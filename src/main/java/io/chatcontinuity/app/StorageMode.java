package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where the widget keeps its chat token, first choice of its storage fallback chain. */
public enum StorageMode {
    LOCAL("local"),
    COOKIE("cookie"),
    CROSS_DOMAIN("cross-domain");

    private final String json;

    StorageMode(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
