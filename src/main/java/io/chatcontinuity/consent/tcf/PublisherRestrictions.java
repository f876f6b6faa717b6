package io.chatcontinuity.consent.tcf;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the core segment's Publisher Restrictions section (NumPubRestrictions, then per restriction PurposeId,
 * RestrictionType and range entries of vendor ids) and keeps only the restrictions that name one vendor.
 */
final class PublisherRestrictions {

    private static final int NUM_RESTRICTIONS_BITS = 12;
    private static final int PURPOSE_ID_BITS = 6;
    private static final int RESTRICTION_TYPE_BITS = 2;
    /** PurposeId, RestrictionType and an empty NumEntries. */
    private static final int MIN_RESTRICTION_BITS = PURPOSE_ID_BITS + RESTRICTION_TYPE_BITS + 12;

    private PublisherRestrictions() {}

    /**
     * @return purpose id to restriction type, for the restrictions naming {@code vendorId}; restrictions of the
     *     undefined type 3 carry no meaning in the specification and are skipped
     * @throws InvalidTcStringException also when two restrictions of different types name {@code vendorId} for the
     *     same purpose: the specification allows one restriction type per vendor and purpose, and guessing which one
     *     the publisher meant would be a consent decision made on contradictory input
     */
    static Map<Integer, RestrictionType> readNaming(BitReader reader, int vendorId) throws InvalidTcStringException {
        int numRestrictions = reader.readInt(NUM_RESTRICTIONS_BITS);
        reader.require((long) numRestrictions * MIN_RESTRICTION_BITS);
        Map<Integer, RestrictionType> naming = null; // most strings restrict nothing for us: allocate only if needed
        for (int i = 0; i < numRestrictions; i++) {
            int purposeId = reader.readInt(PURPOSE_ID_BITS);
            RestrictionType type = RestrictionType.fromCode(reader.readInt(RESTRICTION_TYPE_BITS));
            boolean namesVendor = VendorSet.readRangeEntriesContain(reader, vendorId);
            if (!namesVendor || type == null) {
                continue;
            }
            if (naming == null) {
                naming = new HashMap<>(4);
            }
            RestrictionType previous = naming.putIfAbsent(purposeId, type);
            if (previous != null && previous != type) {
                throw new InvalidTcStringException(
                        "TC string has conflicting publisher restrictions for purpose " + purposeId);
            }
        }
        return naming == null ? Map.of() : naming;
    }
}
