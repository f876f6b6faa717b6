package io.chatcontinuity.consent.tcf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.consent.tcf.TcStringEncoder.PublisherTc;
import io.chatcontinuity.consent.tcf.TcStringEncoder.Restriction;
import io.chatcontinuity.consent.tcf.TcStringEncoder.VendorField;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TcStringDecoderTest {

    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    static final int VENDOR = 1234;

    static TcString decode(String raw) throws InvalidTcStringException {
        return TcStringDecoder.decode(raw, VENDOR, NOW);
    }

    static void assertRefused(String raw, String reason) {
        InvalidTcStringException e = assertThrows(InvalidTcStringException.class, () -> decode(raw));
        assertEquals(reason, e.getMessage());
    }

    static String segment(String bits) {
        return TcStringEncoder.toBase64Url(bits);
    }

    /** Strings from the IAB specification era, taken from the public test suites of reference decoders. */
    @Nested
    class PublicStrings {

        @Test
        void iabgppServiceSpecificStringWithEmptyPublisherTcIsDecoded() throws Exception {
            // iabgpp-java TcfEuV2Test.testDecode2
            TcString tc = decode("CPSG_8APSG_8AAAAAAENAACgAAAAAAAAAAAAAAAAAAAA.YAAAAAAAAAAA");
            assertEquals(Instant.parse("2022-01-01T00:00:00Z"), tc.created());
            assertEquals(Instant.parse("2022-01-01T00:00:00Z"), tc.lastUpdated());
            assertEquals(0, tc.cmpId());
            assertEquals(2, tc.policyVersion());
            assertTrue(tc.serviceSpecific());
            assertEquals(0, tc.purposesConsentMask());
            assertFalse(tc.vendorConsent());
            assertTrue(tc.publisherTcPresent());
            assertEquals(0, tc.publisherPurposesConsentMask());
            assertFalse(tc.disclosedVendorsPresent());
        }

        @Test
        void iabgppStringWithBitfieldVendorsAndRestrictionsIsDecoded() throws Exception {
            // iabgpp-java TcfEuV2Test.testDecode4
            String raw = "CPi8wgAPi8wgAAOACBENCuCoAP_AAEfAACiQJHNd_H__bX9n-f7_6ft0eY1f9_r37uQzDhfNk-8F3L_W_LwX_2E7NF36t"
                    + "q4KmR4ku1LBIUNtHMnUDUmxaokVrzHsak2cpzNKJ_BkknsZe2dYGF9vm5tj-QKZ7_5_d3f52T_9_9v-39z33913v3d93-"
                    + "_13LjdV5_9H_v9fR_b8_Kf9_5-_4v8_____3_e______8AEEggCTDVuIAuxLHAm0DCKBECMKwkKoFABBQDC0QGADg4Kdl"
                    + "YBPrCBAAgFAEYEQIcAUYEAgAAAgCQiACQIsEAAAIgEAAIAEQiEABAwCCgAsDAIAAQDQMUQoABAkIMiAiKUwICIEggJbKh"
                    + "BKC6Q0wgCrLACgkRsFAAiAAAUgACAsHAMESAlYsECTFG-QAjBCgFEqFaAGGgAwABBI4RABgACCRwqADAAEEjgA";
            TcString tc = TcStringDecoder.decode(raw, 1, NOW);
            assertEquals(14, tc.cmpId());
            assertEquals(2, tc.cmpVersion());
            assertEquals(Instant.parse("2022-11-24T00:00:00Z"), tc.created());
            for (int purpose = 1; purpose <= 10; purpose++) {
                assertTrue(tc.purposeConsented(purpose), "purpose " + purpose);
            }
            assertFalse(tc.purposeConsented(11));
            assertEquals(Purposes.maskOf(2, 6, 7, 8, 9, 10), tc.purposesLegitimateInterestMask());
        }

        @Test
        void iabtcfJavaRangeEncodedLegitimateInterestIsDecoded() throws Exception {
            // iabtcf-java TCStringV2Test.testCanParseRangeEncodedVendorLegitimateInterests: LI = {128}
            String raw = "COv__-wOv__-wC2AAAENAPCgAAAAAAAAAAAAA_wAQA_gEBABAEAAAA";
            assertTrue(TcStringDecoder.decode(raw, 128, NOW).vendorLegitimateInterest());
            assertFalse(TcStringDecoder.decode(raw, 127, NOW).vendorLegitimateInterest());
            assertEquals(182, decode(raw).cmpId());
        }

        @Test
        void perlParserStringWithRestrictionIsDecoded() throws Exception {
            // GDPR::IAB::TCFv2::PublisherRestrictions documentation: purpose 7, require consent, vendor 32
            String raw = "COwAdDhOwAdDhN4ABAENAPCgAAQAAv___wAAAFP_AAp_4AI6ACACAA";
            TcString tc = TcStringDecoder.decode(raw, 32, NOW);
            assertEquals(Map.of(7, RestrictionType.REQUIRE_CONSENT), tc.publisherRestrictions());
            assertEquals(888, tc.cmpId());
            assertEquals(Map.of(), TcStringDecoder.decode(raw, 33, NOW).publisherRestrictions());
        }

        @Test
        void iabtcfEsStringWithRepeatedRestrictionForOneVendorIsDecoded() throws Exception {
            // iabtcf-es ReportedIssues "201": purpose 1 / require consent for vendors 7, 20, 71, 122, 140, 183
            String raw = "CO4VGswO4VGswAfZCBDEAzCsAP_AAH_AAAigGUNf_X9fb2vj-_599_t0eY1f9_63t-wzjheMs-8NyZ-X_J4Wv2MyvB34J"
                    + "qQKGRgkunLBAQdtHGncTQgBwIlViTLMY02MjzNKJrJEilsbe2dYGH9vn8XT_ZKZ70-_v__7v3___33_5Ayhr_6_r7e18f"
                    + "3_Pvv9ujzGr_v_W9v2GccLxln3huTPy_5PC1-xmV4O_BNSBQyMEl05YICDto407iaEAOBEqsSZZjGmxkeZpRNZIkUtjb2"
                    + "zrAw_t8_i6f7JTPen39___d-___--__ICgKAOAAcAA4AFAAjgB6AEYALcGACAW0AtoJAHAAOAAcACgARwA9ACMAFuFABA"
                    + "LaAW0GgDgAHAAOABQAI4AegBGAC3DgAgFtALaEQBwADgAHAAoAEcAPQAjABbiQAQC2gFtCoA4ABwADgAUACOAHoARgAtx"
                    + "YAIBbQC2hkAcAA4ABwAKABHAD0AIwAW40AEAtoBbQ6AOAAcAA4AFAAjgB6AEYALceACAW0AtohAHAAOAAcACgARwA9ACM"
                    + "AFuRABALaAW0SgDgAHAAOABQAI4AegBGAC3JgAgFtALaKQBwADgAHAAoAEcAPQAjABblQAQC2gFtA";
            for (int vendor : List.of(7, 20, 71, 122, 140, 183)) {
                assertEquals(
                        RestrictionType.REQUIRE_CONSENT,
                        TcStringDecoder.decode(raw, vendor, NOW).publisherRestriction(1),
                        "vendor " + vendor);
            }
            assertNull(TcStringDecoder.decode(raw, 8, NOW).publisherRestriction(1));
        }

        @Test
        void perlParserStringWithPublisherTcSegmentIsDecoded() throws Exception {
            // GDPR::IAB::TCFv2 synopsis string: CMP 21, purposes 1, 3, 9, 10 consented; publisher TC segment
            String raw = "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAA"
                    + "AAAAAAAAA";
            TcString tc = TcStringDecoder.decode(raw, 115, NOW);
            assertEquals(21, tc.cmpId());
            assertEquals(7, tc.cmpVersion());
            assertEquals(23, tc.vendorListVersion());
            assertEquals(Purposes.maskOf(1, 3, 9, 10), tc.purposesConsentMask());
            assertTrue(tc.vendorConsent());
            assertFalse(tc.vendorLegitimateInterest());
            assertTrue(TcStringDecoder.decode(raw, 113, NOW).vendorLegitimateInterest());
            assertFalse(TcStringDecoder.decode(raw, 284, NOW).vendorConsent());
            assertTrue(tc.publisherTcPresent());
            assertEquals(Purposes.maskOf(2, 4, 6, 8, 9, 10), tc.publisherPurposesConsentMask());
        }

        @Test
        void globalScopeStringFromIabtcfJavaSuiteIsRefused() {
            // iabtcf-java TCStringV2Test.testCanConstructTCModelFromBase64String: IsServiceSpecific = 0
            assertRefused("COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA", "TC string is not service-specific");
        }

        @Test
        void paddedSegmentFromIabtcfJavaSuiteIsRefused() {
            // iabtcf-java TCStringV2Test.testCanParseAllParts ends with a '='-padded segment
            assertRefused(
                    "COv__-wOv__-wC2AAAENAPCgAAAAAAAAAAAAA_wAQA_gEBABAEAAAA.cAAAAAAAITg=",
                    "TC string is not base64url");
        }

        @Test
        void bitfieldShorterThanMaxVendorIdFromIabtcfEsSuiteIsRefused() {
            // iabtcf-es ReportedIssues "142": the bitfield length does not match MaxVendorId
            String raw = "CLSYjTaOngnCIAOABBENAXCMAGOAABBAAA7IA5n-m7fP6_3fbqVv6E__PoA5Aqff3aJx8tv_1967rfnQEQoAIAAQCrwkA"
                    + "EABAcACABIMACAAuApEVABABUSABgBCAVSAtIoACACIArYQAHACgAFgAVwBJgDcAI7AWgMAAgBiKgAgBMgFfKQAQBRkQA"
                    + "QA4AFiBAAoA-AEVAJlAVgAtYcACAJcAr4eABAK8OgBgFzAOmAqwgABAWyA.IFukWSQh";
            assertThrows(InvalidTcStringException.class, () -> decode(raw));
        }

        @Test
        void tcfVersion1StringFromIabtcfEsSuiteIsRefused() {
            // iabtcf-es ReportedIssues "156"
            assertRefused(
                    "BOhwdphOxFC7tAHABBFRC--AAAAuhr_7__7-_9_-_f__9uj3Or_v_f__32ccL59v_h_7v-_7fi_20nV4u_1vft9yfk1-5"
                            + "ctDztp507iakivXmqdeb9v_nz3_5pxP78k89r7337Ew_v8_v-b7BCON_YxEiA",
                    "TC string version 1 is not supported");
        }
    }

    @Nested
    class CoreSegment {

        @Test
        void metadataAndPurposesAreDecoded() throws Exception {
            TcStringEncoder e = new TcStringEncoder().consent(1, 8, 9, 10, 24).legitimateInterest(2, 7);
            e.cmpId = 4095;
            e.cmpVersion = 17;
            e.vendorListVersion = 3000;
            e.lastUpdated = Instant.parse("2024-07-01T12:34:56.700Z");
            TcString tc = decode(e.encode());
            assertEquals(4095, tc.cmpId());
            assertEquals(17, tc.cmpVersion());
            assertEquals(3000, tc.vendorListVersion());
            assertEquals(5, tc.policyVersion());
            assertEquals(Instant.parse("2024-06-01T00:00:00Z"), tc.created());
            assertEquals(Instant.parse("2024-07-01T12:34:56.700Z"), tc.lastUpdated());
            assertEquals(Purposes.maskOf(1, 8, 9, 10, 24), tc.purposesConsentMask());
            assertEquals(Purposes.maskOf(2, 7), tc.purposesLegitimateInterestMask());
            assertTrue(tc.purposeConsented(24));
            assertFalse(tc.purposeConsented(2));
            assertTrue(tc.purposeLegitimateInterestEstablished(7));
        }

        @Test
        void vendorBitsAreReadFromBitfields() throws Exception {
            TcStringEncoder e =
                    new TcStringEncoder().vendorConsents(1, VENDOR, 2000).vendorLegitimateInterests(VENDOR);
            TcString tc = decode(e.encode());
            assertTrue(tc.vendorConsent());
            assertTrue(tc.vendorLegitimateInterest());
            TcString other = TcStringDecoder.decode(e.encode(), VENDOR + 1, NOW);
            assertFalse(other.vendorConsent());
            assertFalse(other.vendorLegitimateInterest());
        }

        @Test
        void vendorAboveMaxVendorIdOfBitfieldIsNotConsented() throws Exception {
            TcStringEncoder e = new TcStringEncoder().vendorConsents(1, 2, VENDOR - 1);
            assertFalse(decode(e.encode()).vendorConsent());
        }

        @Test
        void vendorBitsAreReadFromRanges() throws Exception {
            TcStringEncoder e = new TcStringEncoder();
            e.vendorConsents = VendorField.ranges(new int[] {5}, new int[] {1000, VENDOR}, new int[] {3000, 3010});
            e.vendorLegitimateInterests = VendorField.ranges(new int[] {VENDOR});
            TcString tc = decode(e.encode());
            assertTrue(tc.vendorConsent());
            assertTrue(tc.vendorLegitimateInterest());
            assertTrue(TcStringDecoder.decode(e.encode(), 3005, NOW).vendorConsent());
            assertFalse(TcStringDecoder.decode(e.encode(), 3005, NOW).vendorLegitimateInterest());
            assertFalse(TcStringDecoder.decode(e.encode(), VENDOR + 1, NOW).vendorConsent());
        }

        @Test
        void emptyVendorSectionsConsentNobody() throws Exception {
            TcStringEncoder e = new TcStringEncoder();
            e.vendorConsents = VendorField.ranges();
            TcString tc = decode(e.encode());
            assertFalse(tc.vendorConsent());
            assertFalse(tc.vendorLegitimateInterest());
        }

        @Test
        void versionOtherThanTwoIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            e.version = 3;
            assertRefused(e.encode(), "TC string version 3 is not supported");
        }

        @Test
        void globalScopeStringIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            e.serviceSpecific = false;
            assertRefused(e.encode(), "TC string is not service-specific");
        }

        @Test
        void policyVersionBelowFourIsRefusedForStringsCreatedAfterSeptember2023() {
            for (int policyVersion : List.of(2, 3)) {
                TcStringEncoder e = new TcStringEncoder().createdAndUpdated(Instant.parse("2023-10-01T00:00:00Z"));
                e.policyVersion = policyVersion;
                assertRefused(e.encode(), "TC string policy version " + policyVersion + " is outdated");
            }
        }

        @Test
        void policyVersionBelowFourIsAcceptedForStringsCreatedUntilSeptember2023() throws Exception {
            TcStringEncoder e = new TcStringEncoder().createdAndUpdated(Instant.parse("2023-09-30T23:59:59.900Z"));
            e.policyVersion = 2;
            assertEquals(2, decode(e.encode()).policyVersion());
            e.policyVersion = 3;
            assertEquals(3, decode(e.encode()).policyVersion());
        }

        @Test
        void policyVersionsFourAndFiveAreAccepted() throws Exception {
            TcStringEncoder e = new TcStringEncoder();
            e.policyVersion = 4;
            assertEquals(4, decode(e.encode()).policyVersion());
            e.policyVersion = 5;
            assertEquals(5, decode(e.encode()).policyVersion());
        }

        @Test
        void legitimateInterestForPurposesThreeToSixIsRefusedUnderPolicyVersionFour() {
            for (int purpose = 3; purpose <= 6; purpose++) {
                TcStringEncoder e = new TcStringEncoder().legitimateInterest(purpose);
                e.policyVersion = 4;
                assertRefused(e.encode(), "TC string claims legitimate interest for purposes 3-6");
            }
        }

        @Test
        void legitimateInterestForPurposesThreeToSixIsToleratedBeforePolicyVersionFour() throws Exception {
            TcStringEncoder e = new TcStringEncoder()
                    .legitimateInterest(3, 4, 5, 6)
                    .createdAndUpdated(Instant.parse("2021-01-01T00:00:00Z"));
            e.policyVersion = 2;
            assertEquals(Purposes.maskOf(3, 4, 5, 6), decode(e.encode()).purposesLegitimateInterestMask());
        }

        @Test
        void createdMoreThanOneDayInTheFutureIsRefused() {
            TcStringEncoder e = new TcStringEncoder()
                    .createdAndUpdated(NOW.plus(Duration.ofDays(1)).plusMillis(100));
            assertRefused(e.encode(), "TC string was created in the future");
        }

        @Test
        void lastUpdatedMoreThanOneDayInTheFutureIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            e.lastUpdated = NOW.plus(Duration.ofDays(2));
            assertRefused(e.encode(), "TC string was updated in the future");
        }

        @Test
        void timestampsUpToOneDayAheadAreToleratedAsClockSkew() throws Exception {
            TcStringEncoder e = new TcStringEncoder().createdAndUpdated(NOW.plus(Duration.ofDays(1)));
            assertEquals(NOW.plus(Duration.ofDays(1)), decode(e.encode()).created());
        }

        @Test
        void coreSegmentEndingInsideTheHeaderIsRefused() {
            String bits = new TcStringEncoder().coreBits().substring(0, 100);
            assertRefused(segment(bits), "TC string field runs past the end of its segment");
        }

        @Test
        void bitfieldRunningPastTheEndOfTheSegmentIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            e.vendorConsents = VendorField.bitField(2000, Set.of(VENDOR));
            String bits = e.coreBits();
            // cut inside the consent bitfield, keeping whole bytes so only the field bound can fail
            String truncated = bits.substring(0, (213 + 17 + 1000) / 8 * 8);
            assertRefused(segment(truncated), "TC string field runs past the end of its segment");
        }

        @Test
        void missingPublisherRestrictionCountIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            String bits = e.coreBits();
            assertRefused(
                    segment(bits.substring(0, bits.length() - 12)), "TC string field runs past the end of its segment");
        }
    }

    @Nested
    class RangeEntries {

        @Test
        void rangeEntryWithStartAfterEndIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            e.vendorConsents = VendorField.ranges(new int[] {10, 5});
            assertRefused(e.encode(), "TC string has a range entry that starts after it ends");
        }

        @Test
        void rangeEntryWithVendorIdZeroIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            e.vendorLegitimateInterests = VendorField.ranges(new int[] {0});
            assertRefused(e.encode(), "TC string has vendor id 0 in a range entry");
            e.vendorLegitimateInterests = VendorField.ranges(new int[] {0, 7});
            assertRefused(e.encode(), "TC string has vendor id 0 in a range entry");
        }

        @Test
        void rangeEntryRefusedEvenWhenOurVendorWasAlreadyFound() {
            TcStringEncoder e = new TcStringEncoder();
            e.vendorConsents = VendorField.ranges(new int[] {VENDOR}, new int[] {9, 3});
            assertRefused(e.encode(), "TC string has a range entry that starts after it ends");
        }

        @Test
        void numEntriesLargerThanTheRemainingBitsIsRefusedBeforeLooping() {
            TcStringEncoder e = new TcStringEncoder();
            e.vendorConsents = VendorField.ranges(new int[] {1});
            String bits = e.coreBits();
            int numEntriesAt = 213 + 17;
            String hostile = bits.substring(0, numEntriesAt) + "111111111111" + bits.substring(numEntriesAt + 12);
            assertRefused(segment(hostile), "TC string field runs past the end of its segment");
        }

        @Test
        void singleIdEntryEncodedAsRangeOfOneIsAccepted() throws Exception {
            TcStringEncoder e = new TcStringEncoder();
            e.vendorConsents = VendorField.ranges(new int[] {VENDOR, VENDOR});
            assertTrue(decode(e.encode()).vendorConsent());
        }
    }

    @Nested
    class Restrictions {

        @Test
        void onlyRestrictionsNamingOurVendorAreKept() throws Exception {
            TcStringEncoder e = new TcStringEncoder()
                    .restrict(1, RestrictionType.NOT_ALLOWED, 1, 2, 3)
                    .restrict(2, RestrictionType.REQUIRE_LEGITIMATE_INTEREST, VENDOR - 1, VENDOR, VENDOR + 1)
                    .restrict(7, RestrictionType.REQUIRE_CONSENT, VENDOR)
                    .restrict(8, RestrictionType.NOT_ALLOWED, VENDOR);
            TcString tc = decode(e.encode());
            assertEquals(
                    Map.of(
                            2,
                            RestrictionType.REQUIRE_LEGITIMATE_INTEREST,
                            7,
                            RestrictionType.REQUIRE_CONSENT,
                            8,
                            RestrictionType.NOT_ALLOWED),
                    tc.publisherRestrictions());
            assertEquals(RestrictionType.NOT_ALLOWED, tc.publisherRestriction(8));
            assertNull(tc.publisherRestriction(1));
        }

        @Test
        void undefinedRestrictionTypeIsIgnored() throws Exception {
            TcStringEncoder e = new TcStringEncoder();
            e.restrictions.add(new Restriction(8, 3, List.of(new int[] {VENDOR})));
            assertEquals(Map.of(), decode(e.encode()).publisherRestrictions());
        }

        @Test
        void repeatedIdenticalRestrictionIsAccepted() throws Exception {
            TcStringEncoder e = new TcStringEncoder()
                    .restrict(8, RestrictionType.REQUIRE_CONSENT, VENDOR)
                    .restrict(8, RestrictionType.REQUIRE_CONSENT, 1, VENDOR);
            assertEquals(
                    Map.of(8, RestrictionType.REQUIRE_CONSENT),
                    decode(e.encode()).publisherRestrictions());
        }

        @Test
        void conflictingRestrictionsForOurVendorAndPurposeAreRefused() {
            TcStringEncoder e = new TcStringEncoder()
                    .restrict(8, RestrictionType.REQUIRE_CONSENT, VENDOR)
                    .restrict(8, RestrictionType.NOT_ALLOWED, VENDOR);
            assertRefused(e.encode(), "TC string has conflicting publisher restrictions for purpose 8");
        }

        @Test
        void restrictionRangeWithStartAfterEndIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            e.restrictions.add(new Restriction(2, 0, List.of(new int[] {50, 40})));
            assertRefused(e.encode(), "TC string has a range entry that starts after it ends");
        }

        @Test
        void restrictionCountLargerThanTheRemainingBitsIsRefused() {
            String bits = new TcStringEncoder().coreBits();
            String hostile = bits.substring(0, bits.length() - 12) + "111111111111";
            assertRefused(segment(hostile), "TC string field runs past the end of its segment");
        }
    }

    @Nested
    class Segments {

        @Test
        void disclosedVendorsInBitfieldAreDecoded() throws Exception {
            TcStringEncoder e = new TcStringEncoder().disclosed(1, VENDOR);
            TcString tc = decode(e.encode());
            assertTrue(tc.disclosedVendorsPresent());
            assertTrue(tc.vendorDisclosed());
            assertFalse(TcStringDecoder.decode(e.encode(), 2, NOW).vendorDisclosed());
        }

        @Test
        void disclosedVendorsInRangesAreDecoded() throws Exception {
            TcStringEncoder e = new TcStringEncoder();
            e.disclosedVendors = VendorField.ranges(new int[] {1, 2000});
            assertTrue(decode(e.encode()).vendorDisclosed());
            assertFalse(TcStringDecoder.decode(e.encode(), 2001, NOW).vendorDisclosed());
        }

        @Test
        void absentDisclosedVendorsSegmentDisclosesNobody() throws Exception {
            TcString tc = decode(new TcStringEncoder().encode());
            assertFalse(tc.disclosedVendorsPresent());
            assertFalse(tc.vendorDisclosed());
        }

        @Test
        void allowedVendorsSegmentIsTolerated() throws Exception {
            TcStringEncoder e = new TcStringEncoder();
            e.allowedVendors = VendorField.bitField(Set.of(VENDOR));
            assertFalse(decode(e.encode()).vendorDisclosed());
        }

        @Test
        void malformedAllowedVendorsSegmentIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            e.allowedVendors = VendorField.ranges(new int[] {9, 1});
            assertRefused(e.encode(), "TC string has a range entry that starts after it ends");
        }

        @Test
        void publisherTcSegmentIsDecoded() throws Exception {
            TcStringEncoder e = new TcStringEncoder();
            e.publisherTc = new PublisherTc(Set.of(1, 24), Set.of(2), 3, Set.of(1), Set.of(2, 3));
            TcString tc = decode(e.encode());
            assertTrue(tc.publisherTcPresent());
            assertEquals(Purposes.maskOf(1, 24), tc.publisherPurposesConsentMask());
            assertTrue(tc.publisherPurposeConsented(24));
            assertTrue(tc.publisherPurposeLegitimateInterestEstablished(2));
        }

        @Test
        void publisherTcWithCustomPurposesPastTheEndIsRefused() {
            String bits = TcStringEncoder.publisherTcBits(new PublisherTc(Set.of(), Set.of(), 0, Set.of(), Set.of()));
            String hostile = bits.substring(0, 3 + 48) + "111111"; // 63 custom purposes, no bits for them
            assertRefused(
                    new TcStringEncoder().encode() + "." + segment(hostile),
                    "TC string field runs past the end of its segment");
        }

        @Test
        void segmentsMayComeInAnyOrderAfterTheCore() throws Exception {
            TcStringEncoder e = new TcStringEncoder().disclosed(VENDOR);
            e.publisherTc = new PublisherTc(Set.of(1), Set.of(), 0, Set.of(), Set.of());
            String[] parts = e.encode().split("\\.");
            TcString tc = decode(parts[0] + "." + parts[2] + "." + parts[1]);
            assertTrue(tc.vendorDisclosed());
            assertTrue(tc.publisherPurposeConsented(1));
        }

        @Test
        void duplicateSegmentTypeIsRefused() {
            TcStringEncoder e = new TcStringEncoder().disclosed(VENDOR);
            e.extraSegmentBits.add(
                    TcStringEncoder.bits(1, 3) + TcStringEncoder.vendorFieldBits(VendorField.bitField(Set.of(1))));
            assertRefused(e.encode(), "TC string has segment type 1 twice");
        }

        @Test
        void secondCoreSegmentIsRefused() {
            TcStringEncoder e = new TcStringEncoder();
            e.extraSegmentBits.add("000" + "0".repeat(21));
            assertRefused(e.encode(), "TC string has unknown segment type 0");
        }

        @Test
        void unknownSegmentTypesAreRefused() {
            for (int type = 4; type <= 7; type++) {
                TcStringEncoder e = new TcStringEncoder();
                e.extraSegmentBits.add(TcStringEncoder.bits(type, 3) + "0".repeat(21));
                assertRefused(e.encode(), "TC string has unknown segment type " + type);
            }
        }

        @Test
        void emptySegmentIsRefused() {
            String core = new TcStringEncoder().encode();
            assertRefused(core + ".", "TC string has an empty segment");
            assertRefused(core + "..IAAA", "TC string has an empty segment");
            assertRefused("." + core, "TC string has an empty segment");
        }
    }

    @Nested
    class RawInput {

        @Test
        void emptyStringIsRefused() {
            assertRefused("", "TC string is empty");
            assertRefused(null, "TC string is empty");
        }

        @Test
        void stringOverEightKibIsRefusedBeforeDecoding() {
            // Not even base64: the length check must come first.
            assertRefused("!".repeat(TcStringDecoder.MAX_LENGTH + 1), "TC string is longer than 8192 characters");
        }

        @Test
        void stringOfExactlyEightKibIsDecoded() throws Exception {
            TcStringEncoder e = new TcStringEncoder().vendorConsents(VENDOR);
            String raw = e.encode();
            // Publisher TC followed by padding that is ignored: fill up to the limit with a large allowed-vendors set.
            int fill = TcStringDecoder.MAX_LENGTH - raw.length() - 1;
            int allowedBits = fill / 4 * 3 * 8 - 3 - 17; // whole 4-char groups
            e.allowedVendors = VendorField.bitField(allowedBits, Set.of());
            raw = e.encode();
            assertTrue(
                    raw.length() <= TcStringDecoder.MAX_LENGTH && raw.length() > TcStringDecoder.MAX_LENGTH - 8,
                    "length " + raw.length());
            assertTrue(decode(raw).vendorConsent());
        }

        @Test
        void nonBase64UrlCharactersAreRefused() {
            String raw = new TcStringEncoder().encode();
            for (String bad : List.of("+", "/", "=", " ", "é", "\u0000")) {
                assertRefused(raw.substring(0, 10) + bad + raw.substring(11), "TC string is not base64url");
            }
        }

        @Test
        void segmentLengthOfOneModuloFourIsRefused() {
            String raw = new TcStringEncoder().encode();
            String fourGroups = raw.substring(0, raw.length() - raw.length() % 4);
            assertRefused(fourGroups + "A", "TC string segment has an impossible base64 length");
        }

        @Test
        void vendorIdOutsideTheGvlRangeIsAProgrammingError() {
            String raw = new TcStringEncoder().encode();
            assertThrows(IllegalArgumentException.class, () -> TcStringDecoder.decode(raw, 0, NOW));
            assertThrows(IllegalArgumentException.class, () -> TcStringDecoder.decode(raw, 65536, NOW));
        }
    }
}
