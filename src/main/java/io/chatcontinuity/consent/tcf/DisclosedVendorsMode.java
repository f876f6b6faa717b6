package io.chatcontinuity.consent.tcf;

/** Whether the policy requires our vendor to appear in the TC string's disclosed-vendors segment. */
public enum DisclosedVendorsMode {
    /** Always require disclosure. */
    STRICT,
    /** Never check disclosure. */
    LENIENT,
    /** Require disclosure for strings created on or after {@link TcfPolicy#DISCLOSED_VENDORS_REQUIRED_FROM} (TCF 2.3). */
    AUTO
}
