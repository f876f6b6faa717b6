package io.chatcontinuity.consent.tcf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chatcontinuity.app.DisclosedVendorsMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated input: the decoder must refuse with {@link InvalidTcStringException} or decode, never
 * throw anything else, and the policy must be able to decide on whatever was decoded. The loop is bounded; a
 * decoder that looped on input-sized counts without checking them would make this test visibly slow.
 */
class TcStringDecoderFuzzTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final int CASES = 20_000;

    @Test
    void randomAndMutatedStringsAreDecodedOrRefusedButNeverCrashTheDecoder() {
        Random random = new Random(0xF022L);
        List<String> seeds = seeds(random);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            String input = fuzzCase(random, seeds);
            int vendorId = 1 + random.nextInt(random.nextBoolean() ? 1000 : 0xFFFF);
            try {
                TcString tc = TcStringDecoder.decode(input, vendorId, NOW);
                TcfPolicy.decide(tc, requirements(random, vendorId));
                accepted++;
            } catch (InvalidTcStringException e) {
                assertFalse(e.getMessage().isBlank());
                refused++;
            } catch (RuntimeException | StackOverflowError e) {
                fail("case " + i + " threw " + e + " on " + input, e);
            }
        }
        assertTrue(accepted > CASES / 50, "accepted " + accepted);
        assertTrue(refused > CASES / 2, "refused " + refused);
    }

    @Test
    void hostileRangeHeavyStringAtTheSizeLimitIsRefusedOrDecoded() {
        // A core segment that claims the maximum number of range entries in every vendor section, at full length.
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            StringBuilder raw = new StringBuilder(new TcStringEncoder().encode().substring(0, 36));
            while (raw.length() < TcStringDecoder.MAX_LENGTH) {
                raw.append(random.nextInt(4) == 0 ? '_' : ALPHABET.charAt(random.nextInt(64)));
            }
            try {
                TcStringDecoder.decode(raw.toString(), 1 + random.nextInt(0xFFFF), NOW);
            } catch (InvalidTcStringException expected) {
                // refusal is fine
            }
        }
    }

    private static List<String> seeds(Random random) {
        List<String> seeds = new ArrayList<>(ReferenceTcStrings.VALID);
        for (int i = 0; i < 60; i++) {
            String raw =
                    TcStringEncoder.random(random, NOW, 1 + random.nextInt(400)).encode();
            if (raw.length() <= TcStringDecoder.MAX_LENGTH) {
                seeds.add(raw);
            }
        }
        return seeds;
    }

    private static String fuzzCase(Random random, List<String> seeds) {
        String seed = seeds.get(random.nextInt(seeds.size()));
        return switch (random.nextInt(7)) {
            case 0 -> randomBase64Url(random, random.nextInt(400));
            case 1 -> replaceCharacters(random, seed, 1 + random.nextInt(4));
            case 2 -> seed.substring(0, random.nextInt(seed.length() + 1));
            case 3 -> flipBits(random, seed, 1 + random.nextInt(3));
            case 4 -> seed + "." + randomBase64Url(random, 1 + random.nextInt(60));
            case 5 -> randomPrintable(random, random.nextInt(100));
            default -> flipBits(random, seed, 1) + (random.nextBoolean() ? "" : "." + seed);
        };
    }

    /** Flips single bits of the encoded data, which is what corruption in transit or a buggy CMP produces. */
    private static String flipBits(Random random, String seed, int flips) {
        char[] chars = seed.toCharArray();
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(chars.length);
            int sextet = ALPHABET.indexOf(chars[at]);
            if (sextet >= 0) {
                chars[at] = ALPHABET.charAt(sextet ^ (1 << random.nextInt(6)));
            }
        }
        return new String(chars);
    }

    private static String replaceCharacters(Random random, String seed, int replacements) {
        char[] chars = seed.toCharArray();
        for (int i = 0; i < replacements; i++) {
            chars[random.nextInt(chars.length)] = random.nextInt(10) == 0 ? '.' : ALPHABET.charAt(random.nextInt(64));
        }
        return new String(chars);
    }

    private static String randomBase64Url(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(random.nextInt(40) == 0 ? '.' : ALPHABET.charAt(random.nextInt(64)));
        }
        return b.toString();
    }

    private static String randomPrintable(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) (random.nextInt(5) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95)));
        }
        return b.toString();
    }

    private static TcfRequirements requirements(Random random, int vendorId) {
        DisclosedVendorsMode mode = DisclosedVendorsMode.values()[random.nextInt(3)];
        return random.nextBoolean()
                ? new TcfRequirements(vendorId, List.of(1, 8, 9, 10), List.of(), mode)
                : new TcfRequirements(vendorId, List.of(1, 2, 7), List.of(2, 7, 11), mode);
    }
}
