package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonValue;

/** TCF 2.3: whether our vendor must appear in a TC string's disclosed-vendors segment. */
public enum DisclosedVendorsRule {
    STRICT("strict"), LENIENT("lenient"), AUTO("auto");

    private final String json;

    DisclosedVendorsRule(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
