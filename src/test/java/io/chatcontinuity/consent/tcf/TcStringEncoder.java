package io.chatcontinuity.consent.tcf;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Test-only TC string builder following "Consent string and vendor list formats v2". Defaults make a valid TCF 2.2
 * string; every field can be set to anything its bit width holds, so tests can also build deliberately broken strings.
 * Segments are padded to whole bytes and base64url-encoded without padding, as CMPs do. Public for the consent
 * endpoint tests, which send the strings it builds.
 */
public final class TcStringEncoder {

    int version = 2;
    Instant created = Instant.parse("2024-06-01T00:00:00Z");
    Instant lastUpdated = Instant.parse("2024-06-01T00:00:00Z");
    int cmpId = 300;
    int cmpVersion = 2;
    int consentScreen = 1;
    String consentLanguage = "EN";
    int vendorListVersion = 150;
    int policyVersion = 5;
    boolean serviceSpecific = true;
    boolean useNonStandardTexts;
    Set<Integer> specialFeatureOptIns = new TreeSet<>();
    Set<Integer> purposesConsent = new TreeSet<>();
    Set<Integer> purposesLegitimateInterest = new TreeSet<>();
    boolean purposeOneTreatment;
    String publisherCountryCode = "AA";
    VendorField vendorConsents = VendorField.bitField(Set.of());
    VendorField vendorLegitimateInterests = VendorField.bitField(Set.of());
    final List<Restriction> restrictions = new ArrayList<>();
    /** null: no disclosed-vendors segment. */
    VendorField disclosedVendors;
    /** null: no allowed-vendors segment. */
    VendorField allowedVendors;
    /** null: no publisher TC segment. */
    PublisherTc publisherTc;
    /** Further segments, as bit strings, appended verbatim after the others. */
    final List<String> extraSegmentBits = new ArrayList<>();

    /** A vendor-id set in the bitfield or range encoding; range entries are kept verbatim, even invalid ones. */
    record VendorField(int maxVendorId, boolean rangeEncoding, Set<Integer> bitField, List<int[]> entries) {

        static VendorField bitField(Set<Integer> ids) {
            return new VendorField(
                    ids.stream().mapToInt(Integer::intValue).max().orElse(0), false, ids, List.of());
        }

        static VendorField bitField(int maxVendorId, Set<Integer> ids) {
            return new VendorField(maxVendorId, false, ids, List.of());
        }

        /** Range encoding with entries {@code {id}} or {@code {start, end}}. */
        static VendorField ranges(int[]... entries) {
            int max = 0;
            for (int[] entry : entries) {
                max = Math.max(max, entry[entry.length - 1]);
            }
            return new VendorField(max, true, Set.of(), List.of(entries));
        }

        /** Range encoding of {@code ids}, coalescing consecutive ids as CMPs do. */
        static VendorField rangesOf(Set<Integer> ids) {
            return ranges(toEntries(ids).toArray(int[][]::new));
        }
    }

    /** A publisher restriction; {@code typeCode} 3 is the undefined type. */
    record Restriction(int purposeId, int typeCode, List<int[]> entries) {

        static Restriction of(int purposeId, RestrictionType type, int... vendorIds) {
            Set<Integer> ids = new TreeSet<>();
            for (int id : vendorIds) {
                ids.add(id);
            }
            return new Restriction(purposeId, type.ordinal(), toEntries(ids));
        }
    }

    record PublisherTc(
            Set<Integer> consents,
            Set<Integer> legitimateInterests,
            int numCustomPurposes,
            Set<Integer> customConsents,
            Set<Integer> customLegitimateInterests) {}

    public TcStringEncoder consent(Integer... purposes) {
        purposesConsent.addAll(List.of(purposes));
        return this;
    }

    public TcStringEncoder legitimateInterest(Integer... purposes) {
        purposesLegitimateInterest.addAll(List.of(purposes));
        return this;
    }

    public TcStringEncoder vendorConsents(Integer... vendorIds) {
        vendorConsents = VendorField.bitField(Set.of(vendorIds));
        return this;
    }

    public TcStringEncoder vendorLegitimateInterests(Integer... vendorIds) {
        vendorLegitimateInterests = VendorField.bitField(Set.of(vendorIds));
        return this;
    }

    public TcStringEncoder restrict(int purpose, RestrictionType type, int... vendorIds) {
        restrictions.add(Restriction.of(purpose, type, vendorIds));
        return this;
    }

    public TcStringEncoder disclosed(Integer... vendorIds) {
        disclosedVendors = VendorField.bitField(Set.of(vendorIds));
        return this;
    }

    public TcStringEncoder createdAndUpdated(Instant instant) {
        created = instant;
        lastUpdated = instant;
        return this;
    }

    public TcStringEncoder policyVersion(int version) {
        policyVersion = version;
        return this;
    }

    /** Vendor consent as a bitfield up to {@code maxVendorId}: a way to make long strings. */
    public TcStringEncoder vendorConsentsUpTo(int maxVendorId, Set<Integer> vendorIds) {
        vendorConsents = VendorField.bitField(maxVendorId, vendorIds);
        return this;
    }

    public String encode() {
        StringBuilder out = new StringBuilder(toBase64Url(coreBits()));
        if (disclosedVendors != null) {
            out.append('.').append(toBase64Url(bits(1, 3) + vendorFieldBits(disclosedVendors)));
        }
        if (allowedVendors != null) {
            out.append('.').append(toBase64Url(bits(2, 3) + vendorFieldBits(allowedVendors)));
        }
        if (publisherTc != null) {
            out.append('.').append(toBase64Url(publisherTcBits(publisherTc)));
        }
        for (String segment : extraSegmentBits) {
            out.append('.').append(toBase64Url(segment));
        }
        return out.toString();
    }

    String coreBits() {
        StringBuilder b = new StringBuilder();
        b.append(bits(version, 6));
        b.append(bits(created.toEpochMilli() / 100, 36));
        b.append(bits(lastUpdated.toEpochMilli() / 100, 36));
        b.append(bits(cmpId, 12)).append(bits(cmpVersion, 12)).append(bits(consentScreen, 6));
        b.append(letters(consentLanguage));
        b.append(bits(vendorListVersion, 12)).append(bits(policyVersion, 6));
        b.append(bit(serviceSpecific)).append(bit(useNonStandardTexts));
        b.append(idBits(specialFeatureOptIns, 12));
        b.append(idBits(purposesConsent, 24)).append(idBits(purposesLegitimateInterest, 24));
        b.append(bit(purposeOneTreatment)).append(letters(publisherCountryCode));
        b.append(vendorFieldBits(vendorConsents)).append(vendorFieldBits(vendorLegitimateInterests));
        b.append(bits(restrictions.size(), 12));
        for (Restriction restriction : restrictions) {
            b.append(bits(restriction.purposeId(), 6)).append(bits(restriction.typeCode(), 2));
            b.append(rangeEntryBits(restriction.entries()));
        }
        return b.toString();
    }

    static String publisherTcBits(PublisherTc tc) {
        return bits(3, 3)
                + idBits(tc.consents(), 24)
                + idBits(tc.legitimateInterests(), 24)
                + bits(tc.numCustomPurposes(), 6)
                + idBits(tc.customConsents(), tc.numCustomPurposes())
                + idBits(tc.customLegitimateInterests(), tc.numCustomPurposes());
    }

    static String vendorFieldBits(VendorField field) {
        StringBuilder b = new StringBuilder(bits(field.maxVendorId(), 16)).append(bit(field.rangeEncoding()));
        if (field.rangeEncoding()) {
            b.append(rangeEntryBits(field.entries()));
        } else {
            b.append(idBits(field.bitField(), field.maxVendorId()));
        }
        return b.toString();
    }

    static String rangeEntryBits(List<int[]> entries) {
        StringBuilder b = new StringBuilder(bits(entries.size(), 12));
        for (int[] entry : entries) {
            b.append(bit(entry.length == 2)).append(bits(entry[0], 16));
            if (entry.length == 2) {
                b.append(bits(entry[1], 16));
            }
        }
        return b.toString();
    }

    /** Pads {@code bits} to whole bytes and encodes them as base64url without padding. */
    static String toBase64Url(String bits) {
        byte[] bytes = new byte[(bits.length() + 7) / 8];
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '1') {
                bytes[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String bits(long value, int width) {
        if (value < 0 || (width < 63 && value >= (1L << width))) {
            throw new IllegalArgumentException(value + " does not fit in " + width + " bits");
        }
        StringBuilder b = new StringBuilder(width);
        for (int i = width - 1; i >= 0; i--) {
            b.append((value >>> i & 1) == 1 ? '1' : '0');
        }
        return b.toString();
    }

    private static String bit(boolean value) {
        return value ? "1" : "0";
    }

    /** One bit per id 1..width, id 1 first. */
    private static String idBits(Set<Integer> ids, int width) {
        StringBuilder b = new StringBuilder(width);
        for (int id = 1; id <= width; id++) {
            b.append(bit(ids.contains(id)));
        }
        return b.toString();
    }

    /** Two letters, 6 bits each, A = 0. */
    private static String letters(String twoLetters) {
        return bits(twoLetters.charAt(0) - 'A', 6) + bits(twoLetters.charAt(1) - 'A', 6);
    }

    private static List<int[]> toEntries(Set<Integer> ids) {
        List<int[]> entries = new ArrayList<>();
        int start = -1;
        int previous = -1;
        for (int id : new TreeSet<>(ids)) {
            if (id != previous + 1 && start >= 0) {
                entries.add(start == previous ? new int[] {start} : new int[] {start, previous});
                start = -1;
            }
            if (start < 0) {
                start = id;
            }
            previous = id;
        }
        if (start >= 0) {
            entries.add(start == previous ? new int[] {start} : new int[] {start, previous});
        }
        return entries;
    }

    /**
     * A random valid TCF 2.2 string created before {@code now}: random purposes, vendor sets in either encoding,
     * restrictions (at most one per purpose, so never conflicting), and optional disclosed, allowed and publisher TC
     * segments.
     */
    static TcStringEncoder random(Random random, Instant now, int maxVendorId) {
        TcStringEncoder e = new TcStringEncoder();
        e.created = now.minus(Duration.ofSeconds(random.nextInt(3 * 365 * 86400)));
        e.lastUpdated = e.created.plus(Duration.ofMillis(100L * random.nextInt(1_000_000)));
        if (e.lastUpdated.isAfter(now)) {
            e.lastUpdated = now;
        }
        e.created = Instant.ofEpochMilli(e.created.toEpochMilli() / 100 * 100);
        e.lastUpdated = Instant.ofEpochMilli(e.lastUpdated.toEpochMilli() / 100 * 100);
        e.cmpId = random.nextInt(4096);
        e.cmpVersion = random.nextInt(4096);
        e.consentScreen = random.nextInt(64);
        e.vendorListVersion = random.nextInt(4096);
        e.policyVersion = e.created.isBefore(TcStringDecoder.POLICY_VERSION_4_REQUIRED_FROM)
                ? 2 + random.nextInt(4)
                : 4 + random.nextInt(2);
        e.useNonStandardTexts = random.nextBoolean();
        e.purposeOneTreatment = random.nextBoolean();
        e.specialFeatureOptIns = randomIds(random, 12, 0.3);
        e.purposesConsent = randomIds(random, 24, 0.6);
        e.purposesLegitimateInterest = randomIds(random, 24, 0.4);
        if (e.policyVersion >= 4) {
            e.purposesLegitimateInterest.removeAll(Set.of(3, 4, 5, 6));
        }
        e.vendorConsents = randomVendorField(random, maxVendorId);
        e.vendorLegitimateInterests = randomVendorField(random, maxVendorId);
        int numRestrictions = random.nextInt(4);
        for (int purpose = 1; purpose <= 24 && e.restrictions.size() < numRestrictions; purpose++) {
            if (random.nextInt(6) == 0) {
                Set<Integer> ids = randomIds(random, Math.max(1, maxVendorId), 0.05);
                e.restrictions.add(new Restriction(purpose, random.nextInt(4), toEntries(ids)));
            }
        }
        if (random.nextBoolean()) {
            e.disclosedVendors = randomVendorField(random, maxVendorId);
        }
        if (random.nextInt(4) == 0) {
            e.allowedVendors = randomVendorField(random, maxVendorId);
        }
        if (random.nextInt(3) == 0) {
            int numCustom = random.nextInt(8);
            e.publisherTc = new PublisherTc(
                    randomIds(random, 24, 0.5),
                    randomIds(random, 24, 0.3),
                    numCustom,
                    randomIds(random, numCustom, 0.5),
                    randomIds(random, numCustom, 0.5));
        }
        return e;
    }

    private static VendorField randomVendorField(Random random, int maxVendorId) {
        Set<Integer> ids = randomIds(random, maxVendorId, random.nextDouble());
        return random.nextBoolean() ? VendorField.bitField(ids) : VendorField.rangesOf(ids);
    }

    private static Set<Integer> randomIds(Random random, int maxId, double density) {
        Set<Integer> ids = new TreeSet<>();
        for (int id = 1; id <= maxId; id++) {
            if (random.nextDouble() < density) {
                ids.add(id);
            }
        }
        return ids;
    }
}
