package io.chatcontinuity.consent.tcf;

import io.chatcontinuity.app.DisclosedVendorsMode;
import java.util.List;
import java.util.Objects;

/**
 * What one of our features needs from a TC string.
 *
 * @param vendorId our IAB Global Vendor List id (1..65535)
 * @param purposes the purposes the feature needs (1..24), e.g. {@link #DEFAULT_ANALYTICS_PURPOSES}
 * @param legitimateInterestPurposes purposes the vendor declared on legitimate interest in the GVL; only 2 and 7-11
 *     can be legitimate interest under TCF 2.2. Those purposes are evaluated on legitimate-interest basis (unless a
 *     publisher restriction requires consent) and are needed even when not listed in {@code purposes}.
 * @param disclosedVendors whether our vendor must be listed in the disclosed-vendors segment
 */
public record TcfRequirements(
        int vendorId,
        List<Integer> purposes,
        List<Integer> legitimateInterestPurposes,
        DisclosedVendorsMode disclosedVendors) {

    /** Purposes 1 (store/access), 8 (measure content performance), 9 (market research), 10 (develop/improve). */
    public static final List<Integer> DEFAULT_ANALYTICS_PURPOSES = List.of(1, 8, 9, 10);

    private static final int LEGITIMATE_INTEREST_CAPABLE_MASK = Purposes.maskOf(2, 7, 8, 9, 10, 11);

    public TcfRequirements {
        if (vendorId < 1 || vendorId > 0xFFFF) {
            throw new IllegalArgumentException("vendorId must be 1..65535, was " + vendorId);
        }
        purposes = List.copyOf(purposes);
        legitimateInterestPurposes = List.copyOf(legitimateInterestPurposes);
        Objects.requireNonNull(disclosedVendors, "disclosedVendors");
        for (int purpose : purposes) {
            if (purpose < 1 || purpose > Purposes.MAX_PURPOSE) {
                throw new IllegalArgumentException("purpose must be 1.." + Purposes.MAX_PURPOSE + ", was " + purpose);
            }
        }
        for (int purpose : legitimateInterestPurposes) {
            if (!Purposes.contains(LEGITIMATE_INTEREST_CAPABLE_MASK, purpose)) {
                throw new IllegalArgumentException(
                        "legitimate interest is only possible for purposes 2 and 7-11, was " + purpose);
            }
        }
    }

    /** Analytics defaults: {@link #DEFAULT_ANALYTICS_PURPOSES}, all on consent, disclosure checked in AUTO mode. */
    public static TcfRequirements analytics(int vendorId) {
        return new TcfRequirements(vendorId, DEFAULT_ANALYTICS_PURPOSES, List.of(), DisclosedVendorsMode.AUTO);
    }
}
