package io.chatcontinuity.consent.tcf;

import com.iabtcf.decoder.DecoderOption;
import com.iabtcf.decoder.TCString;
import com.iabtcf.v2.PublisherRestriction;
import io.chatcontinuity.app.DisclosedVendorsMode;
import io.chatcontinuity.consent.tcf.TcStringEncoder.VendorField;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decode + decision with our decoder against iabtcf-java decoding and reading the same facts for our vendor (vendor
 * consent and legitimate interest, purpose consent and transparency, restrictions naming the vendor, disclosure),
 * on the same strings. Run with src/bench/tcf-jmh.sh; not a unit test (surefire does not pick up *Benchmark).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TcfDecodeBenchmark {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final int VENDOR = 755;

    /**
     * small: a few vendors in bitfields up to id 800, ~310 chars. typical: a real CMP string (iabgpp-java test suite,
     * 772 vendor
     * consents, 3 restrictions), ~460 chars. heavy: ~6 KB, 1,600 single-id range entries, restrictions and a
     * 12,000-vendor disclosed bitfield.
     */
    @Param({"small", "typical", "heavy"})
    public String input;

    String raw;
    int vendorId;
    TcfRequirements requirements;

    @Setup
    public void setUp() throws InvalidTcStringException {
        raw = switch (input) {
            case "small" ->
                new TcStringEncoder()
                        .consent(1, 8, 9, 10)
                        .vendorConsents(1, 2, VENDOR, 800)
                        .vendorLegitimateInterests(2, 3)
                        .disclosed(VENDOR)
                        .encode();
            case "typical" -> ReferenceTcStrings.VALID.get(1);
            case "heavy" -> heavy();
            default -> throw new IllegalArgumentException(input);
        };
        vendorId = "typical".equals(input) ? 1 : VENDOR;
        requirements = new TcfRequirements(vendorId, List.of(1, 8, 9, 10), List.of(), DisclosedVendorsMode.STRICT);
        // Both decoders must accept and agree on the input before it is measured.
        IabtcfDifferentialTest.assertAgree(raw, TCString.decode(raw), vendorId);
    }

    private static String heavy() {
        TcStringEncoder e = new TcStringEncoder().consent(1, 8, 9, 10).legitimateInterest(2, 7);
        Set<Integer> everyOther = new TreeSet<>();
        for (int id = 1; id <= 1600; id += 2) {
            everyOther.add(id);
        }
        everyOther.add(VENDOR);
        e.vendorConsents = VendorField.rangesOf(everyOther);
        e.vendorLegitimateInterests = VendorField.rangesOf(everyOther);
        for (int purpose = 2; purpose <= 11; purpose++) {
            e.restrict(purpose, RestrictionType.REQUIRE_CONSENT, 3, 5, 7, 9, 11, 13);
        }
        Set<Integer> disclosed = new TreeSet<>();
        for (int id = 1; id <= 12_000; id += 3) {
            disclosed.add(id);
        }
        disclosed.add(VENDOR);
        e.disclosedVendors = VendorField.bitField(disclosed);
        String raw = e.encode();
        if (raw.length() < 5_500 || raw.length() > TcStringDecoder.MAX_LENGTH) {
            throw new IllegalStateException("heavy input is " + raw.length() + " chars");
        }
        return raw;
    }

    @Benchmark
    public TcfDecision ours() throws InvalidTcStringException {
        return TcfPolicy.decide(TcStringDecoder.decode(raw, vendorId, NOW), requirements);
    }

    @Benchmark
    public int iabtcf() {
        return readForVendor(TCString.decode(raw));
    }

    /** iabtcf-java's lazy mode, which decodes fields only when read: its most favourable setting for this task. */
    @Benchmark
    public int iabtcfLazy() {
        return readForVendor(TCString.decode(raw, DecoderOption.LAZY));
    }

    private int readForVendor(TCString tc) {
        int facts = 0;
        facts += tc.getVendorConsent().contains(vendorId) ? 1 : 0;
        facts += tc.getVendorLegitimateInterest().contains(vendorId) ? 2 : 0;
        for (int purpose : requirements.purposes()) {
            facts += tc.getPurposesConsent().contains(purpose) ? 4 : 0;
            facts += tc.getPurposesLITransparency().contains(purpose) ? 8 : 0;
        }
        for (PublisherRestriction restriction : tc.getPublisherRestrictions()) {
            if (restriction.getVendorIds().contains(vendorId)) {
                facts += restriction.getPurposeId()
                        + restriction.getRestrictionType().ordinal();
            }
        }
        facts += tc.getDisclosedVendors().contains(vendorId) ? 16 : 0;
        facts += tc.getCreated().getNano() + tc.getCmpId() + tc.getTcfPolicyVersion();
        return facts;
    }
}
