package io.chatcontinuity.consent.tcf;

import java.util.Arrays;

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
    /** Index, relative to {@code start}, of the next character to load into the window. */
    private int nextChar;
    /** The {@code windowBits} low bits of {@code window} are the next bits to read: each character is decoded once. */
    private long window;

    private int windowBits;

    /** Reads {@code text[start, end)}. */
    BitReader(String text, int start, int end) throws InvalidTcStringException {
        int length = end - start;
        if (length == 0) {
            throw new InvalidTcStringException("TC string has an empty segment");
        }
        if (length % 4 == 1) {
            throw new InvalidTcStringException("TC string segment has an impossible base64 length");
        }
        // Branch-free so that the JIT can unroll it: the table holds -1 for characters outside the alphabet, and
        // -(c >>> 7) is negative for any non-ASCII character.
        int invalid = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            invalid |= SEXTET_BY_CHAR[c & 0x7F] | -(c >>> 7);
        }
        if (invalid < 0) {
            throw new InvalidTcStringException("TC string is not base64url");
        }
        this.text = text;
        this.start = start;
        this.bitLength = length * BITS_PER_CHAR / 8 * 8;
    }

    int remaining() {
        return bitLength - position();
    }

    /** Refuses the string unless {@code bits} more bits are available; use before loops sized by the input. */
    void require(long bits) throws InvalidTcStringException {
        if (bits > remaining()) {
            throw new InvalidTcStringException("TC string field runs past the end of its segment");
        }
    }

    boolean readBit() throws InvalidTcStringException {
        return readInt(1) != 0;
    }

    /** Reads an unsigned big-endian integer of up to 31 bits. */
    int readInt(int bits) throws InvalidTcStringException {
        return (int) readLong(bits);
    }

    /** Reads an unsigned big-endian integer of up to 57 bits. */
    long readLong(int bits) throws InvalidTcStringException {
        require(bits);
        // The window never holds more than bits + 5 <= 62 bits, and require() keeps the loads inside the segment.
        while (windowBits < bits) {
            window = (window << BITS_PER_CHAR) | sextet(nextChar++);
            windowBits += BITS_PER_CHAR;
        }
        windowBits -= bits;
        return (window >>> windowBits) & ((1L << bits) - 1);
    }

    void skip(int bits) throws InvalidTcStringException {
        require(bits);
        if (bits <= windowBits) {
            windowBits -= bits;
            return;
        }
        int target = position() + bits;
        nextChar = target / BITS_PER_CHAR;
        window = 0;
        windowBits = 0;
        int offsetInChar = target % BITS_PER_CHAR;
        if (offsetInChar != 0) {
            window = sextet(nextChar++);
            windowBits = BITS_PER_CHAR - offsetInChar;
        }
    }

    /** The bit {@code offset} bits after the current position, without moving; the caller has checked the bounds. */
    boolean peekBit(int offset) {
        int bitIndex = position() + offset;
        int sextet = sextet(bitIndex / BITS_PER_CHAR);
        return ((sextet >>> (BITS_PER_CHAR - 1 - bitIndex % BITS_PER_CHAR)) & 1) != 0;
    }

    private int position() {
        return nextChar * BITS_PER_CHAR - windowBits;
    }

    private int sextet(int charIndex) {
        return SEXTET_BY_CHAR[text.charAt(start + charIndex)];
    }

    private static byte[] sextetTable() {
        byte[] table = new byte[128];
        Arrays.fill(table, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            table[alphabet.charAt(i)] = (byte) i;
        }
        return table;
    }
}
