package io.chatcontinuity.consent.tcf;

import io.chatcontinuity.app.DisclosedVendorsMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a decoded TC string lets our vendor process data for the purposes a feature needs, following the
 * IAB TCF Policy and Implementation Guidelines, and lists every rule that failed.
 *
 * <ol>
 * <li>Publisher restrictions naming our vendor come first. NOT_ALLOWED blocks the purpose. REQUIRE_CONSENT makes
 * consent the legal basis. REQUIRE_LEGITIMATE_INTEREST makes legitimate interest the basis, except for the
 * consent-only purposes 1 and 3-6: legitimate interest is not a permitted basis for them under TCF 2.2, so such a
 * restriction cannot take effect and consent stays required. (The specification also limits basis switches to
 * purposes the vendor declared "flexible" in the GVL; we do not load the GVL and accept the switch for any purpose
 * that can be on legitimate interest.)</li>
 * <li>Consent basis needs PurposesConsent[p] and VendorConsent[vendor]; legitimate-interest basis needs
 * PurposesLITransparency[p] and VendorLegitimateInterest[vendor].</li>
 * <li>TCF 2.3: depending on {@link DisclosedVendorsMode}, our vendor must be in the disclosed-vendors segment.</li>
 * </ol>
 */
public final class TcfPolicy {

    /** From this instant TCF 2.3 makes the disclosed-vendors segment mandatory; AUTO mode checks it from then on. */
    public static final Instant DISCLOSED_VENDORS_REQUIRED_FROM = Instant.parse("2026-03-01T00:00:00Z");

    private static final TcfDecision GRANTED = new TcfDecision(true, List.of());

    private enum LegalBasis {
        CONSENT,
        LEGITIMATE_INTEREST
    }

    private TcfPolicy() {}

    public static TcfDecision decide(TcString tc, TcfRequirements req) {
        Objects.requireNonNull(tc, "tc");
        Objects.requireNonNull(req, "req");
        if (tc.vendorId() != req.vendorId()) {
            throw new IllegalArgumentException(
                    "TC string was decoded for vendor " + tc.vendorId() + ", not for vendor " + req.vendorId());
        }
        List<String> reasons = new ArrayList<>();
        // Needed: the listed purposes in order, then legitimate-interest purposes not listed; each evaluated once.
        int evaluated = 0;
        for (List<Integer> purposes : List.of(req.purposes(), req.legitimateInterestPurposes())) {
            for (int purpose : purposes) {
                int bit = 1 << (purpose - 1);
                if ((evaluated & bit) == 0) {
                    evaluated |= bit;
                    evaluatePurpose(tc, req, purpose, reasons);
                }
            }
        }
        if (mustBeDisclosed(req.disclosedVendors(), tc.created()) && !tc.vendorDisclosed()) {
            reasons.add("vendor " + req.vendorId() + " not disclosed");
        }
        return reasons.isEmpty() ? GRANTED : new TcfDecision(false, reasons);
    }

    private static void evaluatePurpose(TcString tc, TcfRequirements req, int purpose, List<String> reasons) {
        RestrictionType restriction = tc.publisherRestriction(purpose);
        if (restriction == RestrictionType.NOT_ALLOWED) {
            reasons.add("purpose " + purpose + " restricted by publisher");
            return;
        }
        if (legalBasis(purpose, req, restriction) == LegalBasis.CONSENT) {
            if (!tc.purposeConsented(purpose)) {
                reasons.add("purpose " + purpose + " not consented");
            }
            if (!tc.vendorConsent()) {
                addOnce(reasons, "vendor " + req.vendorId() + " not consented");
            }
        } else {
            if (!tc.purposeLegitimateInterestEstablished(purpose)) {
                reasons.add("purpose " + purpose + " legitimate interest not established");
            }
            if (!tc.vendorLegitimateInterest()) {
                addOnce(reasons, "vendor " + req.vendorId() + " legitimate interest not established");
            }
        }
    }

    /** Vendor-level reasons hold for every purpose on the same basis, so they are reported once. */
    private static void addOnce(List<String> reasons, String reason) {
        if (!reasons.contains(reason)) {
            reasons.add(reason);
        }
    }

    private static LegalBasis legalBasis(int purpose, TcfRequirements req, RestrictionType restriction) {
        if (restriction == RestrictionType.REQUIRE_CONSENT || Purposes.isConsentOnly(purpose)) {
            return LegalBasis.CONSENT;
        }
        if (restriction == RestrictionType.REQUIRE_LEGITIMATE_INTEREST
                || req.legitimateInterestPurposes().contains(purpose)) {
            return LegalBasis.LEGITIMATE_INTEREST;
        }
        return LegalBasis.CONSENT;
    }

    private static boolean mustBeDisclosed(DisclosedVendorsMode mode, Instant created) {
        return switch (mode) {
            case STRICT -> true;
            case LENIENT -> false;
            case AUTO -> !created.isBefore(DISCLOSED_VENDORS_REQUIRED_FROM);
        };
    }
}
