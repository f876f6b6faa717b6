package io.chatcontinuity.common.validation;

/**
 * What text the service accepts, checked where it enters and never repaired: text is refused rather than changed, so
 * that what a 2xx acknowledges is exactly what is stored. Postgres refuses NUL in text, and an unpaired surrogate
 * (UTF-16 that is no Unicode text) becomes {@code ?} on its way to UTF-8, so that distinct strings would be stored as
 * one; other control characters have no business in a name or an id and are kept out of message text too, except
 * newline and tab.
 */
public final class TextRules {

    private TextRules() {}

    /** Why {@code text} cannot be a one-line value (a name, an id), or null when it can. */
    public static String lineProblem(String text) {
        return problem(text, false);
    }

    /** Why {@code text} cannot be message text, or null when it can. */
    public static String multilineProblem(String text) {
        return problem(text, true);
    }

    /** Whether Postgres stores {@code text} exactly as it is: no NUL and well-formed UTF-16. */
    public static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0' || unpairedSurrogateAt(text, i)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        return true;
    }

    private static String problem(String text, boolean lineBreaksAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return "must not contain NUL characters";
            }
            if (unpairedSurrogateAt(text, i)) {
                return "must not contain unpaired surrogates (it is not valid Unicode text)";
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            } else if (Character.getType(c) == Character.CONTROL && !(lineBreaksAllowed && (c == '\n' || c == '\t'))) {
                return lineBreaksAllowed
                        ? "must not contain control characters other than newline and tab"
                        : "must not contain control characters";
            }
        }
        return null;
    }

    private static boolean unpairedSurrogateAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c);
    }
}
