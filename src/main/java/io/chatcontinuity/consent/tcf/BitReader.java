package io.chatcontinuity.consent.tcf;

/**
 * Reads big-endian bit fields from one base64url segment of a TC string, straight from its characters (each character
 * is 6 bits), so that decoding allocates nothing per segment.
 *
 * <p>The segment is validated up front: every character must be in the URL-safe base64 alphabet (RFC 4648 section 5,
 * no padding, as the TC string specification requires), and its length must not be 1 modulo 4, which no byte sequence
 * encodes to. As with a standard base64 decoder, only whole bytes count: a segment of {@code n} characters carries
 * {@code floor(6n / 8) * 8} bits, the rest is encoder padding. Any read beyond that is refused.
 */
final class BitReader {

    private static final int BITS_PER_CHAR = 6;
    private static final byte[] SEXTET_BY_CHAR = sextetTable();

    private final String text;
    private final int start;
    private final int bitLength;
    private int position;

    /** Reads {@code text[start, end)}. */
    BitReader(String text, int start, int end) throws InvalidTcStringException {
        int length = end - start;
        if (length == 0) {
            throw new InvalidTcStringException("TC string has an empty segment");
        }
        if (length % 4 == 1) {
            throw new InvalidTcStringException("TC string segment has an impossible base64 length");
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= SEXTET_BY_CHAR.length || SEXTET_BY_CHAR[c] < 0) {
                throw new InvalidTcStringException("TC string is not base64url");
            }
        }
        this.text = text;
        this.start = start;
        this.bitLength = length * BITS_PER_CHAR / 8 * 8;
    }

    int remaining() {
        return bitLength - position;
    }

    /** Refuses the string unless {@code bits} more bits are available; use before loops sized by the input. */
    void require(long bits) throws InvalidTcStringException {
        if (bits > remaining()) {
            throw new InvalidTcStringException("TC string field runs past the end of its segment");
        }
    }

    boolean readBit() throws InvalidTcStringException {
        require(1);
        return bitAt(position++);
    }

    /** Reads an unsigned big-endian integer of up to 31 bits. */
    int readInt(int bits) throws InvalidTcStringException {
        return (int) readLong(bits);
    }

    /** Reads an unsigned big-endian integer of up to 63 bits. */
    long readLong(int bits) throws InvalidTcStringException {
        require(bits);
        long value = 0;
        int left = bits;
        while (left > 0) {
            int offsetInChar = position % BITS_PER_CHAR;
            int take = Math.min(BITS_PER_CHAR - offsetInChar, left);
            int sextet = sextet(position / BITS_PER_CHAR);
            int chunk = (sextet >>> (BITS_PER_CHAR - offsetInChar - take)) & ((1 << take) - 1);
            value = (value << take) | chunk;
            position += take;
            left -= take;
        }
        return value;
    }

    void skip(int bits) throws InvalidTcStringException {
        require(bits);
        position += bits;
    }

    /** The bit {@code offset} bits after the current position, without moving; the caller has checked the bounds. */
    boolean peekBit(int offset) {
        return bitAt(position + offset);
    }

    private boolean bitAt(int bitIndex) {
        int sextet = sextet(bitIndex / BITS_PER_CHAR);
        return ((sextet >>> (BITS_PER_CHAR - 1 - bitIndex % BITS_PER_CHAR)) & 1) != 0;
    }

    private int sextet(int charIndex) {
        return SEXTET_BY_CHAR[text.charAt(start + charIndex)];
    }

    private static byte[] sextetTable() {
        byte[] table = new byte[128];
        java.util.Arrays.fill(table, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            table[alphabet.charAt(i)] = (byte) i;
        }
        return table;
    }
}
