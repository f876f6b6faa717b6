package io.chatcontinuity.consent.tcf;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes an IAB TCF v2 TC string ("Consent string and vendor list formats v2", TCF 2.2 / 2.3) for one vendor.
 *
 * <p>The string is read once, segment by segment, field by field. Of the vendor sections only our vendor's bit is
 * looked at (range entries are scanned, never collected), so the work is linear in the length of the string and the
 * allocation does not depend on how many vendors it names. Everything the specification or the TCF policy makes
 * invalid, and everything we cannot trust as a consent signal, is refused with an {@link InvalidTcStringException}.
 */
public final class TcStringDecoder {

    /** Longest accepted raw string, in characters (= bytes, the alphabet is ASCII). */
    public static final int MAX_LENGTH = 8192;

    /** TcfPolicyVersion 4 (TCF 2.2) is mandatory for strings created after 2023-09-30. */
    static final Instant POLICY_VERSION_4_REQUIRED_FROM = Instant.parse("2023-10-01T00:00:00Z");

    private static final int FIRST_TCF_2_2_POLICY_VERSION = 4;
    /** Clock skew we tolerate between the CMP and us before a timestamp counts as "in the future". */
    static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

    private static final int SUPPORTED_VERSION = 2;
    private static final char SEGMENT_SEPARATOR = '.';
    private static final int SEGMENT_TYPE_BITS = 3;
    private static final int SEGMENT_DISCLOSED_VENDORS = 1;
    private static final int SEGMENT_ALLOWED_VENDORS = 2;
    private static final int SEGMENT_PUBLISHER_TC = 3;
    private static final int NUM_CUSTOM_PURPOSES_BITS = 6;

    private TcStringDecoder() {}

    /**
     * Decodes only what the policy needs for {@code vendorId}, in one pass over the bits, with no per-vendor
     * allocation.
     *
     * @param raw the TC string as received (e.g. the {@code euconsent-v2} cookie or {@code gdpr_consent} parameter)
     * @param vendorId our Global Vendor List id, 1..65535
     * @param now the current time, to refuse timestamps in the future
     * @throws InvalidTcStringException when the string is malformed or unacceptable; the message says why
     */
    public static TcString decode(String raw, int vendorId, Instant now) throws InvalidTcStringException {
        Objects.requireNonNull(now, "now");
        if (vendorId < 1 || vendorId > 0xFFFF) {
            throw new IllegalArgumentException("vendorId must be 1..65535, was " + vendorId);
        }
        if (raw == null || raw.isEmpty()) {
            throw new InvalidTcStringException("TC string is empty");
        }
        // Before anything else, so that oversized input costs nothing.
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidTcStringException("TC string is longer than " + MAX_LENGTH + " characters");
        }

        int coreEnd = segmentEnd(raw, 0);
        BitReader core = new BitReader(raw, 0, coreEnd);

        // Core segment. It is always first and, unlike the others, has no SegmentType field.
        int version = core.readInt(6);
        if (version != SUPPORTED_VERSION) {
            throw new InvalidTcStringException("TC string version " + version + " is not supported");
        }
        Instant created = readDeciseconds(core);
        Instant lastUpdated = readDeciseconds(core);
        int cmpId = core.readInt(12);
        int cmpVersion = core.readInt(12);
        core.skip(6 + 12); // ConsentScreen, ConsentLanguage
        int vendorListVersion = core.readInt(12);
        int policyVersion = core.readInt(6);
        boolean serviceSpecific = core.readBit();
        core.skip(1 + 12); // UseNonStandardTexts, SpecialFeatureOptIns
        int purposesConsent = readPurposeMask(core);
        int purposesLegitimateInterest = readPurposeMask(core);
        checkTimestamps(created, lastUpdated, now);
        checkPolicy(created, policyVersion, serviceSpecific, purposesLegitimateInterest);
        core.skip(1 + 12); // PurposeOneTreatment, PublisherCC
        boolean vendorConsent = VendorSet.readContains(core, vendorId);
        boolean vendorLegitimateInterest = VendorSet.readContains(core, vendorId);
        Map<Integer, RestrictionType> restrictions = PublisherRestrictions.readNaming(core, vendorId);
        // Whatever remains of the core segment is padding to a byte boundary.

        boolean disclosedVendorsPresent = false;
        boolean vendorDisclosed = false;
        boolean publisherTcPresent = false;
        int publisherPurposesConsent = 0;
        int publisherPurposesLegitimateInterest = 0;
        int seenSegmentTypes = 0;
        for (int start = coreEnd + 1; start <= raw.length(); ) {
            int end = segmentEnd(raw, start);
            BitReader segment = new BitReader(raw, start, end);
            int segmentType = segment.readInt(SEGMENT_TYPE_BITS);
            if ((seenSegmentTypes & (1 << segmentType)) != 0) {
                throw new InvalidTcStringException("TC string has segment type " + segmentType + " twice");
            }
            seenSegmentTypes |= 1 << segmentType;
            switch (segmentType) {
                case SEGMENT_DISCLOSED_VENDORS -> {
                    disclosedVendorsPresent = true;
                    vendorDisclosed = VendorSet.readContains(segment, vendorId);
                }
                // Allowed vendors only matter to OOB signalling, which we do not use; still checked for structure.
                case SEGMENT_ALLOWED_VENDORS -> VendorSet.readContains(segment, vendorId);
                case SEGMENT_PUBLISHER_TC -> {
                    publisherTcPresent = true;
                    publisherPurposesConsent = readPurposeMask(segment);
                    publisherPurposesLegitimateInterest = readPurposeMask(segment);
                    int numCustomPurposes = segment.readInt(NUM_CUSTOM_PURPOSES_BITS);
                    segment.skip(2 * numCustomPurposes); // CustomPurposesConsent, CustomPurposesLITransparency
                }
                // 0 would be a second core segment; 4-7 are not defined by the specification.
                default -> throw new InvalidTcStringException("TC string has unknown segment type " + segmentType);
            }
            start = end + 1;
        }

        return new TcString(
                cmpId,
                cmpVersion,
                policyVersion,
                created,
                lastUpdated,
                vendorListVersion,
                serviceSpecific,
                purposesConsent,
                purposesLegitimateInterest,
                vendorId,
                vendorConsent,
                vendorLegitimateInterest,
                restrictions,
                disclosedVendorsPresent,
                vendorDisclosed,
                publisherTcPresent,
                publisherPurposesConsent,
                publisherPurposesLegitimateInterest);
    }

    private static void checkTimestamps(Instant created, Instant lastUpdated, Instant now)
            throws InvalidTcStringException {
        Instant latestAcceptable = now.plus(MAX_CLOCK_SKEW);
        if (created.isAfter(latestAcceptable)) {
            throw new InvalidTcStringException("TC string was created in the future");
        }
        if (lastUpdated.isAfter(latestAcceptable)) {
            throw new InvalidTcStringException("TC string was updated in the future");
        }
    }

    private static void checkPolicy(
            Instant created, int policyVersion, boolean serviceSpecific, int purposesLegitimateInterest)
            throws InvalidTcStringException {
        // Global-scope strings were retired with TCF 2.0's policy update; consent is stored per service only.
        if (!serviceSpecific) {
            throw new InvalidTcStringException("TC string is not service-specific");
        }
        if (policyVersion < FIRST_TCF_2_2_POLICY_VERSION && !created.isBefore(POLICY_VERSION_4_REQUIRED_FROM)) {
            throw new InvalidTcStringException("TC string policy version " + policyVersion + " is outdated");
        }
        // TCF 2.2 removed legitimate interest as a legal basis for purposes 3-6.
        if (policyVersion >= FIRST_TCF_2_2_POLICY_VERSION
                && (purposesLegitimateInterest & Purposes.LI_FORBIDDEN_SINCE_POLICY_4_MASK) != 0) {
            throw new InvalidTcStringException("TC string claims legitimate interest for purposes 3-6");
        }
    }

    /** Created and LastUpdated are 36-bit counts of deciseconds since the epoch. */
    private static Instant readDeciseconds(BitReader reader) throws InvalidTcStringException {
        return Instant.ofEpochMilli(reader.readLong(36) * 100);
    }

    /** A 24-bit purpose field, whose first bit is purpose 1, as a mask in which bit {@code p - 1} is purpose p. */
    private static int readPurposeMask(BitReader reader) throws InvalidTcStringException {
        return Integer.reverse(reader.readInt(Purposes.MAX_PURPOSE)) >>> (32 - Purposes.MAX_PURPOSE);
    }

    private static int segmentEnd(String raw, int start) {
        int separator = raw.indexOf(SEGMENT_SEPARATOR, start);
        return separator < 0 ? raw.length() : separator;
    }
}
