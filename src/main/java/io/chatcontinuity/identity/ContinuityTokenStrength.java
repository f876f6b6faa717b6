package io.chatcontinuity.identity;

import java.util.regex.Pattern;

/**
 * Refuses brand-generated continuity tokens that are guessable. Real systems have been taken over through tokens
 * such as {@code user-123}, timestamps and e-mail addresses; a token here is a bearer secret and must carry at least
 * 128 bits of randomness. Randomness cannot be measured from one sample, so these rules refuse the shapes that
 * betray its absence, and none of them refuses a 22-character base64url token from a secure random source except
 * with negligible probability.
 */
public final class ContinuityTokenStrength {

    static final int MIN_LENGTH = 22;
    static final int MAX_LENGTH = 512;
    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern EMAIL_LIKE = Pattern.compile(".*[@.].*|.*(?i:_at_|-at-).*(?i:_dot_|-dot-).*");
    /**
     * A word (lower case, Capitalized or UPPER CASE, with separators) then a long number, like
     * {@code customer-4829...}.
     * Random tokens mix case within their letters, so a random run of letters followed by digits is not taken for one.
     * Possessive quantifiers keep the match linear on long hostile input.
     */
    private static final Pattern WORD_THEN_NUMBER =
            Pattern.compile("(?:[A-Z]?[a-z]++[_-]?+){1,6}[0-9]{6,}|[A-Z_-]{1,24}[0-9]{6,}");

    private static final int MIN_DISTINCT_CHARACTERS = 10;
    /**
     * Runs of 5 (such as {@code QRSTU}) turn up in about one secure random 22-character token in 400,000, so a brand
     * would now and then see a good token refused; a run of 7 in about one in two billion.
     */
    private static final int MAX_SEQUENCE = 6;

    private ContinuityTokenStrength() {}

    /** Why the token is refused, or null when it is acceptable. */
    public static String weakness(String token) {
        if (token.length() < MIN_LENGTH) {
            return "is shorter than " + MIN_LENGTH + " characters";
        }
        if (token.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (EMAIL_LIKE.matcher(token).matches()) {
            return "is shaped like an e-mail address";
        }
        if (!ALPHABET.matcher(token).matches()) {
            return "has characters outside [A-Za-z0-9_-]";
        }
        if (token.chars().allMatch(Character::isDigit)) {
            return "is all digits";
        }
        if (WORD_THEN_NUMBER.matcher(token).matches()) {
            return "is shaped like a name followed by a number";
        }
        if (token.chars().distinct().count() < MIN_DISTINCT_CHARACTERS
                || repeatsAPattern(token)
                || longestSequence(token) > MAX_SEQUENCE) {
            return "has too little variety (repeats or sequences)";
        }
        return null;
    }

    /** True when the token is a shorter piece repeated, such as {@code abcabcabc...}. */
    private static boolean repeatsAPattern(String token) {
        int n = token.length();
        for (int period = 1; period <= n / 2; period++) {
            boolean repeats = true;
            for (int i = period; i < n && repeats; i++) {
                repeats = token.charAt(i) == token.charAt(i - period);
            }
            if (repeats) {
                return true;
            }
        }
        return false;
    }

    /** The longest run of characters stepping up or down by one, such as {@code abcde} or {@code 98765}. */
    private static int longestSequence(String token) {
        int longest = 1;
        int up = 1;
        int down = 1;
        for (int i = 1; i < token.length(); i++) {
            int step = token.charAt(i) - token.charAt(i - 1);
            up = step == 1 ? up + 1 : 1;
            down = step == -1 ? down + 1 : 1;
            longest = Math.max(longest, Math.max(up, down));
        }
        return longest;
    }
}
