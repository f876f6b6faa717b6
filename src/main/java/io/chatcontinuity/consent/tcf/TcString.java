package io.chatcontinuity.consent.tcf;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The part of a TCF v2 TC string that matters to one vendor, as decoded by {@link TcStringDecoder#decode}.
 *
 * <p>Purpose sets are int masks in which bit {@code p - 1} stands for purpose {@code p} (1..24); use
 * {@link #purposeConsented(int)} and friends rather than shifting by hand.
 *
 * @param cmpId CmpId
 * @param cmpVersion CmpVersion
 * @param policyVersion TcfPolicyVersion (4 = TCF 2.2, 5 = TCF 2.2/2.3 with GVL v3)
 * @param created Created (decisecond precision)
 * @param lastUpdated LastUpdated (decisecond precision)
 * @param vendorListVersion VendorListVersion
 * @param serviceSpecific IsServiceSpecific; always true, global strings are refused
 * @param purposesConsentMask PurposesConsent
 * @param purposesLegitimateInterestMask PurposesLITransparency
 * @param vendorId the vendor the string was decoded for
 * @param vendorConsent whether {@code vendorId} is in the Vendor Consent section
 * @param vendorLegitimateInterest whether {@code vendorId} is in the Vendor Legitimate Interest section
 * @param publisherRestrictions publisher restrictions that name {@code vendorId}: purpose id to restriction type
 * @param disclosedVendorsPresent whether a disclosed-vendors segment (type 1) was present
 * @param vendorDisclosed whether {@code vendorId} is in the disclosed-vendors segment (false when absent)
 * @param publisherTcPresent whether a publisher TC segment (type 3) was present
 * @param publisherPurposesConsentMask PubPurposesConsent (0 when absent)
 * @param publisherPurposesLegitimateInterestMask PubPurposesLITransparency (0 when absent)
 */
public record TcString(
        int cmpId,
        int cmpVersion,
        int policyVersion,
        Instant created,
        Instant lastUpdated,
        int vendorListVersion,
        boolean serviceSpecific,
        int purposesConsentMask,
        int purposesLegitimateInterestMask,
        int vendorId,
        boolean vendorConsent,
        boolean vendorLegitimateInterest,
        Map<Integer, RestrictionType> publisherRestrictions,
        boolean disclosedVendorsPresent,
        boolean vendorDisclosed,
        boolean publisherTcPresent,
        int publisherPurposesConsentMask,
        int publisherPurposesLegitimateInterestMask) {

    public TcString {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        publisherRestrictions = Map.copyOf(publisherRestrictions);
    }

    /** PurposesConsent[purpose]. */
    public boolean purposeConsented(int purpose) {
        return Purposes.contains(purposesConsentMask, purpose);
    }

    /** PurposesLITransparency[purpose]: legitimate interest for the purpose was disclosed and not objected to. */
    public boolean purposeLegitimateInterestEstablished(int purpose) {
        return Purposes.contains(purposesLegitimateInterestMask, purpose);
    }

    /** The publisher restriction naming our vendor for {@code purpose}, or {@code null} when there is none. */
    public RestrictionType publisherRestriction(int purpose) {
        return publisherRestrictions.get(purpose);
    }

    /** PubPurposesConsent[purpose] of the publisher TC segment. */
    public boolean publisherPurposeConsented(int purpose) {
        return Purposes.contains(publisherPurposesConsentMask, purpose);
    }

    /** PubPurposesLITransparency[purpose] of the publisher TC segment. */
    public boolean publisherPurposeLegitimateInterestEstablished(int purpose) {
        return Purposes.contains(publisherPurposesLegitimateInterestMask, purpose);
    }
}
