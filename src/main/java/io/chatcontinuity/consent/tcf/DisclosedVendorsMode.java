package io.chatcontinuity.consent.tcf;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether the policy requires our vendor to appear in the TC string's disclosed-vendors segment. Also the
 * {@code consent.disclosedVendors} setting of an app, by its JSON name.
 */
public enum DisclosedVendorsMode {
    /** Always require disclosure. */
    STRICT("strict"),
    /** Never check disclosure. */
    LENIENT("lenient"),
    /** Require disclosure for strings created on or after {@link TcfPolicy#DISCLOSED_VENDORS_REQUIRED_FROM} (TCF 2.3). */
    AUTO("auto");

    private final String json;

    DisclosedVendorsMode(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }
}
