package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatcontinuity.common.json.JsonNames;

/** Where the widget keeps its chat token, first choice of its storage fallback chain. */
public enum StorageMode {
    @JsonProperty("local")
    LOCAL,
    @JsonProperty("cookie")
    COOKIE,
    @JsonProperty("cross-domain")
    CROSS_DOMAIN;

    /** The name JSON and the database know it by. */
    public String json() {
        return JsonNames.of(this);
    }
}
