package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatcontinuity.common.json.JsonNames;

/**
 * Whether the policy requires our vendor to appear in the TC string's disclosed-vendors segment. Also the
 * {@code consent.disclosedVendors} setting of an app, by its JSON name.
 */
public enum DisclosedVendorsMode {
    /** Always require disclosure. */
    @JsonProperty("strict")
    STRICT,
    /** Never check disclosure. */
    @JsonProperty("lenient")
    LENIENT,
    /**
     * Require disclosure for strings created on or after {@code TcfPolicy.DISCLOSED_VENDORS_REQUIRED_FROM} (TCF 2.3).
     */
    @JsonProperty("auto")
    AUTO;

    /** The name JSON and the database know it by. */
    public String json() {
        return JsonNames.of(this);
    }
}
