package io.chatcontinuity.consent.tcf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.iabtcf.decoder.TCString;
import com.iabtcf.v2.PublisherRestriction;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Our decoder against the IAB's reference Java decoder (com.iabtcf:iabtcf-decoder) on every valid string we have: for
 * the vendor asked about, metadata, purpose bits, vendor bits, restrictions naming the vendor, disclosure and the
 * publisher TC purposes must all agree.
 */
class IabtcfDifferentialTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void referenceStringsAgreeWithIabtcfForEveryVendorTheyMention() throws Exception {
        for (String raw : ReferenceTcStrings.VALID) {
            TCString reference = TCString.decode(raw);
            Set<Integer> vendorIds = new TreeSet<>(Set.of(1, 2, 7, 32, 113, 115, 128, 284, 1234, 65535));
            vendorIds.addAll(reference.getVendorConsent().toSet());
            vendorIds.addAll(reference.getVendorLegitimateInterest().toSet());
            vendorIds.addAll(reference.getDisclosedVendors().toSet());
            for (PublisherRestriction restriction : reference.getPublisherRestrictions()) {
                vendorIds.addAll(restriction.getVendorIds().toSet());
            }
            for (int vendorId : vendorIds) {
                assertAgree(raw, reference, vendorId);
            }
        }
    }

    @Test
    void randomValidStringsAgreeWithIabtcf() throws Exception {
        Random random = new Random(0x7CF_2023L);
        int compared = 0;
        for (int i = 0; i < 3000; i++) {
            int maxVendorId = 1 + random.nextInt(random.nextBoolean() ? 50 : 900);
            String raw = TcStringEncoder.random(random, NOW, maxVendorId).encode();
            if (raw.length() > TcStringDecoder.MAX_LENGTH) {
                continue;
            }
            TCString reference = TCString.decode(raw);
            for (int probe = 0; probe < 8; probe++) {
                assertAgree(raw, reference, 1 + random.nextInt(maxVendorId + 2));
            }
            assertAgree(raw, reference, maxVendorId);
            compared++;
        }
        assertTrue(compared > 2500, "compared " + compared);
    }

    static void assertAgree(String raw, TCString reference, int vendorId) throws InvalidTcStringException {
        TcString ours = TcStringDecoder.decode(raw, vendorId, NOW);
        String where = "vendor " + vendorId + " in " + raw;
        assertEquals(reference.getCmpId(), ours.cmpId(), where);
        assertEquals(reference.getCmpVersion(), ours.cmpVersion(), where);
        assertEquals(reference.getTcfPolicyVersion(), ours.policyVersion(), where);
        assertEquals(reference.getCreated(), ours.created(), where);
        assertEquals(reference.getLastUpdated(), ours.lastUpdated(), where);
        assertEquals(reference.getVendorListVersion(), ours.vendorListVersion(), where);
        assertEquals(reference.isServiceSpecific(), ours.serviceSpecific(), where);
        for (int purpose = 1; purpose <= 24; purpose++) {
            assertEquals(reference.getPurposesConsent().contains(purpose), ours.purposeConsented(purpose), where);
            assertEquals(
                    reference.getPurposesLITransparency().contains(purpose),
                    ours.purposeLegitimateInterestEstablished(purpose),
                    where);
            assertEquals(
                    reference.getPubPurposesConsent().contains(purpose),
                    ours.publisherPurposeConsented(purpose),
                    where);
            assertEquals(
                    reference.getPubPurposesLITransparency().contains(purpose),
                    ours.publisherPurposeLegitimateInterestEstablished(purpose),
                    where);
        }
        assertEquals(reference.getVendorConsent().contains(vendorId), ours.vendorConsent(), where);
        assertEquals(
                reference.getVendorLegitimateInterest().contains(vendorId), ours.vendorLegitimateInterest(), where);
        assertEquals(reference.getDisclosedVendors().contains(vendorId), ours.vendorDisclosed(), where);
        assertEquals(restrictionsNaming(reference, vendorId), ours.publisherRestrictions(), where);
    }

    private static Map<Integer, RestrictionType> restrictionsNaming(TCString reference, int vendorId) {
        Map<Integer, RestrictionType> naming = new HashMap<>();
        for (PublisherRestriction restriction : reference.getPublisherRestrictions()) {
            if (restriction.getVendorIds().contains(vendorId)) {
                switch (restriction.getRestrictionType()) {
                    case NOT_ALLOWED -> naming.put(restriction.getPurposeId(), RestrictionType.NOT_ALLOWED);
                    case REQUIRE_CONSENT -> naming.put(restriction.getPurposeId(), RestrictionType.REQUIRE_CONSENT);
                    case REQUIRE_LEGITIMATE_INTEREST ->
                        naming.put(restriction.getPurposeId(), RestrictionType.REQUIRE_LEGITIMATE_INTEREST);
                    case UNDEFINED -> {} // carries no meaning; we skip it too
                }
            }
        }
        return naming;
    }
}
