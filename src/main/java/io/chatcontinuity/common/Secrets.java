package io.chatcontinuity.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and ids, one-way hashes of secrets, and constant-time comparison. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    /** {@code bytes} of SecureRandom output as unpadded base64url: 32 bytes give a 43-character, 256-bit secret. */
    public static String randomToken(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return BASE64URL.encodeToString(buffer);
    }

    /** An opaque id such as {@code app_Xq3…}: a prefix naming the kind, then 96 random bits. */
    public static String randomId(String prefix) {
        return prefix + "_" + randomToken(12);
    }

    /**
     * An opaque id such as {@code msg_019aa3f1c2d0Xq3…} for rows written in great numbers: the creation time in
     * milliseconds (12 hex digits, which sort alike in every collation), then 96 random bits. Ids of rows written
     * together are neighbours in a unique index on them, so that an insert touches the index's newest pages rather
     * than a random page of an index far larger than memory.
     */
    public static String timeOrderedId(String prefix, Instant createdAt) {
        String millis = Long.toHexString(createdAt.toEpochMilli());
        return prefix + "_" + "0".repeat(Math.max(0, 12 - millis.length())) + millis + randomToken(12);
    }

    /**
     * SHA-256 of a high-entropy secret, hex encoded. Unsalted on purpose: the secrets hashed here carry at least
     * 128 random bits, so a salt adds nothing, and the hash must be a lookup key.
     */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Compares two secrets in time that depends on neither their content nor their lengths. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(a), sha256(b));
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
