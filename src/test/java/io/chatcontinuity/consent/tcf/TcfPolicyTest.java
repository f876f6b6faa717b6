package io.chatcontinuity.consent.tcf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.app.DisclosedVendorsMode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcfPolicyTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final int VENDOR = 1234;
    static final TcfRequirements ANALYTICS =
            new TcfRequirements(VENDOR, List.of(1, 8, 9, 10), List.of(), DisclosedVendorsMode.LENIENT);

    /** Everything analytics needs on consent, created before TCF 2.3's disclosed-vendors deadline. */
    static TcStringEncoder consentedForAnalytics() {
        return new TcStringEncoder().consent(1, 8, 9, 10).vendorConsents(VENDOR);
    }

    static TcfDecision decide(TcStringEncoder encoder, TcfRequirements req) throws InvalidTcStringException {
        return TcfPolicy.decide(TcStringDecoder.decode(encoder.encode(), req.vendorId(), NOW), req);
    }

    static TcfRequirements withLegitimateInterest(List<Integer> purposes, List<Integer> liPurposes) {
        return new TcfRequirements(VENDOR, purposes, liPurposes, DisclosedVendorsMode.LENIENT);
    }

    static TcfRequirements withDisclosure(DisclosedVendorsMode mode) {
        return new TcfRequirements(VENDOR, List.of(1, 8, 9, 10), List.of(), mode);
    }

    static void assertGranted(TcfDecision decision) {
        assertEquals(new TcfDecision(true, List.of()), decision);
    }

    static void assertDenied(TcfDecision decision, String... reasons) {
        assertEquals(new TcfDecision(false, List.of(reasons)), decision);
    }

    @Test
    void allPurposesAndVendorConsentedIsGranted() throws Exception {
        assertGranted(decide(consentedForAnalytics(), ANALYTICS));
    }

    @Test
    void missingPurposeConsentIsReported() throws Exception {
        TcStringEncoder e = new TcStringEncoder().consent(1, 9, 10).vendorConsents(VENDOR);
        assertDenied(decide(e, ANALYTICS), "purpose 8 not consented");
    }

    @Test
    void everyMissingPurposeIsReportedInRequirementOrder() throws Exception {
        TcStringEncoder e = new TcStringEncoder().consent(9).vendorConsents(VENDOR);
        assertDenied(
                decide(e, ANALYTICS), "purpose 1 not consented", "purpose 8 not consented", "purpose 10 not consented");
    }

    @Test
    void missingVendorConsentIsReportedOnceForAllPurposes() throws Exception {
        TcStringEncoder e = new TcStringEncoder().consent(1, 8, 9, 10).vendorConsents(VENDOR + 1);
        assertDenied(decide(e, ANALYTICS), "vendor 1234 not consented");
    }

    @Test
    void nothingConsentedReportsEveryPurposeAndTheVendorOnce() throws Exception {
        assertDenied(
                decide(new TcStringEncoder(), ANALYTICS),
                "purpose 1 not consented",
                "vendor 1234 not consented",
                "purpose 8 not consented",
                "purpose 9 not consented",
                "purpose 10 not consented");
    }

    @Test
    void legitimateInterestPurposeIsGrantedOnTransparencyAndVendorLegitimateInterest() throws Exception {
        TcStringEncoder e = new TcStringEncoder()
                .consent(1)
                .vendorConsents(VENDOR)
                .legitimateInterest(8, 9, 10)
                .vendorLegitimateInterests(VENDOR);
        assertGranted(decide(e, withLegitimateInterest(List.of(1, 8, 9, 10), List.of(8, 9, 10))));
    }

    @Test
    void legitimateInterestPurposeIgnoresConsentBits() throws Exception {
        TcStringEncoder e = consentedForAnalytics();
        assertDenied(
                decide(e, withLegitimateInterest(List.of(1, 8), List.of(8))),
                "purpose 8 legitimate interest not established",
                "vendor 1234 legitimate interest not established");
    }

    @Test
    void missingPurposeTransparencyIsReported() throws Exception {
        TcStringEncoder e = new TcStringEncoder().legitimateInterest(2).vendorLegitimateInterests(VENDOR);
        assertDenied(
                decide(e, withLegitimateInterest(List.of(2, 7), List.of(2, 7))),
                "purpose 7 legitimate interest not established");
    }

    @Test
    void missingVendorLegitimateInterestIsReportedOnce() throws Exception {
        TcStringEncoder e = new TcStringEncoder().legitimateInterest(2, 7).vendorLegitimateInterests(VENDOR + 1);
        assertDenied(
                decide(e, withLegitimateInterest(List.of(2, 7), List.of(2, 7))),
                "vendor 1234 legitimate interest not established");
    }

    @Test
    void legitimateInterestPurposesNotListedInPurposesAreStillNeeded() throws Exception {
        TcStringEncoder e = consentedForAnalytics();
        assertDenied(
                decide(e, withLegitimateInterest(List.of(1), List.of(7))),
                "purpose 7 legitimate interest not established",
                "vendor 1234 legitimate interest not established");
    }

    @Test
    void purposeOneIsConsentOnlyEvenWithLegitimateInterestBits() throws Exception {
        TcStringEncoder e = new TcStringEncoder()
                .legitimateInterest(1)
                .vendorLegitimateInterests(VENDOR)
                .vendorConsents(VENDOR);
        TcfRequirements purposeOne = new TcfRequirements(VENDOR, List.of(1), List.of(), DisclosedVendorsMode.LENIENT);
        assertDenied(decide(e, purposeOne), "purpose 1 not consented");
    }

    @Test
    void legitimateInterestIsOnlyDeclarableForPurposesTwoAndSevenToEleven() {
        for (int purpose : List.of(1, 3, 4, 5, 6, 12)) {
            assertThrows(IllegalArgumentException.class, () -> withLegitimateInterest(List.of(), List.of(purpose)));
        }
        for (int purpose : List.of(2, 7, 8, 9, 10, 11)) {
            assertEquals(
                    List.of(purpose),
                    withLegitimateInterest(List.of(), List.of(purpose)).legitimateInterestPurposes());
        }
    }

    @Test
    void notAllowedRestrictionBlocksThePurposeWhateverTheConsent() throws Exception {
        TcStringEncoder e = consentedForAnalytics().restrict(1, RestrictionType.NOT_ALLOWED, VENDOR);
        assertDenied(decide(e, ANALYTICS), "purpose 1 restricted by publisher");
    }

    @Test
    void notAllowedRestrictionReplacesTheOtherReasonsForThatPurpose() throws Exception {
        TcStringEncoder e = new TcStringEncoder()
                .consent(1, 9, 10)
                .vendorConsents(VENDOR)
                .restrict(8, RestrictionType.NOT_ALLOWED, VENDOR);
        assertDenied(decide(e, ANALYTICS), "purpose 8 restricted by publisher");
    }

    @Test
    void restrictionsNamingOtherVendorsAreIgnored() throws Exception {
        TcStringEncoder e = consentedForAnalytics()
                .restrict(8, RestrictionType.NOT_ALLOWED, VENDOR + 1)
                .restrict(9, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, 1, 2, 3);
        assertGranted(decide(e, ANALYTICS));
    }

    @Test
    void restrictionsOnPurposesWeDoNotNeedAreIgnored() throws Exception {
        TcStringEncoder e = consentedForAnalytics().restrict(2, RestrictionType.NOT_ALLOWED, VENDOR);
        assertGranted(decide(e, ANALYTICS));
    }

    @Test
    void requireConsentRestrictionSwitchesALegitimateInterestPurposeToConsent() throws Exception {
        TcStringEncoder e = new TcStringEncoder()
                .legitimateInterest(8)
                .vendorLegitimateInterests(VENDOR)
                .restrict(8, RestrictionType.REQUIRE_CONSENT, VENDOR);
        assertDenied(
                decide(e, withLegitimateInterest(List.of(8), List.of(8))),
                "purpose 8 not consented",
                "vendor 1234 not consented");
        e.consent(8).vendorConsents(VENDOR);
        assertGranted(decide(e, withLegitimateInterest(List.of(8), List.of(8))));
    }

    @Test
    void requireLegitimateInterestRestrictionSwitchesAConsentPurposeToLegitimateInterest() throws Exception {
        TcStringEncoder e = consentedForAnalytics().restrict(9, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, VENDOR);
        assertDenied(
                decide(e, ANALYTICS),
                "purpose 9 legitimate interest not established",
                "vendor 1234 legitimate interest not established");
        e.legitimateInterest(9).vendorLegitimateInterests(VENDOR);
        assertGranted(decide(e, ANALYTICS));
    }

    @Test
    void requireLegitimateInterestRestrictionIsIgnoredForConsentOnlyPurposes() throws Exception {
        TcStringEncoder e = consentedForAnalytics()
                .consent(3, 4, 5, 6)
                .restrict(1, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, VENDOR)
                .restrict(3, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, VENDOR)
                .restrict(4, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, VENDOR)
                .restrict(5, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, VENDOR)
                .restrict(6, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, VENDOR);
        TcfRequirements req =
                new TcfRequirements(VENDOR, List.of(1, 3, 4, 5, 6), List.of(), DisclosedVendorsMode.LENIENT);
        assertGranted(decide(e, req));
        e.purposesConsent.remove(5);
        assertDenied(decide(e, req), "purpose 5 not consented");
    }

    @Test
    void strictModeRequiresOurVendorInTheDisclosedVendorsSegment() throws Exception {
        assertDenied(
                decide(consentedForAnalytics(), withDisclosure(DisclosedVendorsMode.STRICT)),
                "vendor 1234 not disclosed");
        assertDenied(
                decide(consentedForAnalytics().disclosed(1, 2), withDisclosure(DisclosedVendorsMode.STRICT)),
                "vendor 1234 not disclosed");
        assertGranted(decide(consentedForAnalytics().disclosed(VENDOR), withDisclosure(DisclosedVendorsMode.STRICT)));
    }

    @Test
    void lenientModeNeverChecksDisclosure() throws Exception {
        TcStringEncoder e =
                consentedForAnalytics().disclosed(1).createdAndUpdated(Instant.parse("2026-05-01T00:00:00Z"));
        assertGranted(decide(e, withDisclosure(DisclosedVendorsMode.LENIENT)));
    }

    @Test
    void autoModeChecksDisclosureForStringsCreatedFromMarch2026() throws Exception {
        TcfRequirements auto = withDisclosure(DisclosedVendorsMode.AUTO);
        TcStringEncoder before = consentedForAnalytics().createdAndUpdated(Instant.parse("2026-02-28T23:59:59.900Z"));
        assertGranted(decide(before, auto));
        TcStringEncoder from = consentedForAnalytics().createdAndUpdated(Instant.parse("2026-03-01T00:00:00Z"));
        assertDenied(decide(from, auto), "vendor 1234 not disclosed");
        assertGranted(decide(from.disclosed(VENDOR), auto));
    }

    @Test
    void everyFailedRuleIsReportedTogether() throws Exception {
        TcStringEncoder e = new TcStringEncoder()
                .consent(9)
                .legitimateInterest(2)
                .restrict(1, RestrictionType.NOT_ALLOWED, VENDOR)
                .restrict(10, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, VENDOR)
                .createdAndUpdated(Instant.parse("2026-04-01T00:00:00Z"));
        TcfRequirements req = new TcfRequirements(VENDOR, List.of(1, 8, 9, 10), List.of(2), DisclosedVendorsMode.AUTO);
        assertDenied(
                decide(e, req),
                "purpose 1 restricted by publisher",
                "purpose 8 not consented",
                "vendor 1234 not consented",
                "purpose 10 legitimate interest not established",
                "vendor 1234 legitimate interest not established",
                "vendor 1234 not disclosed");
    }

    @Test
    void duplicatePurposesInRequirementsAreEvaluatedOnce() throws Exception {
        TcfRequirements req = new TcfRequirements(VENDOR, List.of(8, 8, 8), List.of(), DisclosedVendorsMode.LENIENT);
        assertDenied(decide(new TcStringEncoder().vendorConsents(VENDOR), req), "purpose 8 not consented");
    }

    @Test
    void analyticsDefaultsNeedPurposesOneEightNineTenOnConsent() throws Exception {
        TcfRequirements req = TcfRequirements.analytics(VENDOR);
        assertEquals(List.of(1, 8, 9, 10), req.purposes());
        assertEquals(List.of(), req.legitimateInterestPurposes());
        assertEquals(DisclosedVendorsMode.AUTO, req.disclosedVendors());
        assertGranted(decide(consentedForAnalytics(), req));
    }

    @Test
    void decisionForAnotherVendorsDecodingIsAProgrammingError() throws Exception {
        TcString tc = TcStringDecoder.decode(consentedForAnalytics().encode(), VENDOR + 1, NOW);
        assertThrows(IllegalArgumentException.class, () -> TcfPolicy.decide(tc, ANALYTICS));
    }

    @Test
    void requirementsRejectPurposesOutsideOneToTwentyFour() {
        assertThrows(IllegalArgumentException.class, () -> withLegitimateInterest(List.of(0), List.of()));
        assertThrows(IllegalArgumentException.class, () -> withLegitimateInterest(List.of(25), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new TcfRequirements(0, List.of(1), List.of(), DisclosedVendorsMode.AUTO));
    }

    @Test
    void decisionReasonsAreImmutable() throws Exception {
        TcfDecision decision = decide(new TcStringEncoder(), ANALYTICS);
        assertFalse(decision.granted());
        assertThrows(
                UnsupportedOperationException.class, () -> decision.reasons().add("x"));
        assertTrue(decision.reasons().size() > 1);
    }
}
