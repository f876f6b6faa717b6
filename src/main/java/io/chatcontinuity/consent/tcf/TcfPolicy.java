package io.chatcontinuity.consent.tcf;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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

    private enum LegalBasis { CONSENT, LEGITIMATE_INTEREST }

    private TcfPolicy() {
    }

    public static TcfDecision decide(TcString tc, TcfRequirements req) {
        Objects.requireNonNull(tc, "tc");
        Objects.requireNonNull(req, "req");
        if (tc.vendorId() != req.vendorId()) {
            throw new IllegalArgumentException(
                    "TC string was decoded for vendor " + tc.vendorId() + ", not for vendor " + req.vendorId());
        }
        int vendorId = req.vendorId();
        // A set, so that vendor-level reasons appear once however many purposes they fail; insertion-ordered.
        Set<String> reasons = new LinkedHashSet<>();
        for (int purpose : neededPurposes(req)) {
            RestrictionType restriction = tc.publisherRestriction(purpose);
            if (restriction == RestrictionType.NOT_ALLOWED) {
                reasons.add("purpose " + purpose + " restricted by publisher");
                continue;
            }
            if (legalBasis(purpose, req, restriction) == LegalBasis.CONSENT) {
                if (!tc.purposeConsented(purpose)) {
                    reasons.add("purpose " + purpose + " not consented");
                }
                if (!tc.vendorConsent()) {
                    reasons.add("vendor " + vendorId + " not consented");
                }
            } else {
                if (!tc.purposeLegitimateInterestEstablished(purpose)) {
                    reasons.add("purpose " + purpose + " legitimate interest not established");
                }
                if (!tc.vendorLegitimateInterest()) {
                    reasons.add("vendor " + vendorId + " legitimate interest not established");
                }
            }
        }
        if (mustBeDisclosed(req.disclosedVendors(), tc.created()) && !tc.vendorDisclosed()) {
            reasons.add("vendor " + vendorId + " not disclosed");
        }
        return new TcfDecision(reasons.isEmpty(), List.copyOf(reasons));
    }

    /** {@code purposes} in order, then legitimate-interest purposes not already listed. */
    private static Set<Integer> neededPurposes(TcfRequirements req) {
        Set<Integer> needed = new LinkedHashSet<>(req.purposes());
        needed.addAll(req.legitimateInterestPurposes());
        return needed;
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
