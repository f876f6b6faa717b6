package io.chatcontinuity.consent.tcf;

/**
 * Membership tests on the vendor-id encodings of the TC string, answered while reading past them, without ever
 * materialising the set: the specification's "Vendor Consent Section" layout (MaxVendorId, IsRangeEncoding, then a
 * BitField or NumEntries range entries), shared by vendor legitimate interest, disclosed and allowed vendors, and the
 * range entries of publisher restrictions.
 */
final class VendorSet {

    private static final int MAX_VENDOR_ID_BITS = 16;
    private static final int NUM_ENTRIES_BITS = 12;
    private static final int VENDOR_ID_BITS = 16;
    /** The smallest range entry: IsARange = 0 and StartOrOnlyVendorId. */
    private static final int MIN_RANGE_ENTRY_BITS = 1 + VENDOR_ID_BITS;

    private VendorSet() {}

    /** Reads MaxVendorId, IsRangeEncoding and the BitField or range entries; answers whether {@code vendorId} is in. */
    static boolean readContains(BitReader reader, int vendorId) throws InvalidTcStringException {
        int maxVendorId = reader.readInt(MAX_VENDOR_ID_BITS);
        boolean isRangeEncoding = reader.readBit();
        if (isRangeEncoding) {
            return readRangeEntriesContain(reader, vendorId);
        }
        // BitField: one bit per vendor id 1..MaxVendorId; only our bit is looked at.
        reader.require(maxVendorId);
        boolean contained = vendorId <= maxVendorId && reader.peekBit(vendorId - 1);
        reader.skip(maxVendorId);
        return contained;
    }

    /**
     * Reads NumEntries and its range entries (IsARange, StartOrOnlyVendorId, [EndVendorId]); answers whether
     * {@code vendorId} is covered by any entry. Vendor ids start at 1, so an id of 0 or a range ending before it
     * starts is malformed.
     */
    static boolean readRangeEntriesContain(BitReader reader, int vendorId) throws InvalidTcStringException {
        int numEntries = reader.readInt(NUM_ENTRIES_BITS);
        // Bound the loop by the input before starting it: every entry takes at least 17 bits.
        reader.require((long) numEntries * MIN_RANGE_ENTRY_BITS);
        boolean contained = false;
        for (int i = 0; i < numEntries; i++) {
            // IsARange and StartOrOnlyVendorId in one read: this loop is the hot path on long strings.
            int head = reader.readInt(MIN_RANGE_ENTRY_BITS);
            int first = head & 0xFFFF;
            boolean isARange = head >>> VENDOR_ID_BITS != 0;
            int last = isARange ? reader.readInt(VENDOR_ID_BITS) : first;
            if (first == 0) {
                throw new InvalidTcStringException("TC string has vendor id 0 in a range entry");
            }
            if (first > last) {
                throw new InvalidTcStringException("TC string has a range entry that starts after it ends");
            }
            contained |= first <= vendorId && vendorId <= last;
        }
        return contained;
    }
}
