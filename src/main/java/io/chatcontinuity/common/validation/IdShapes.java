package io.chatcontinuity.common.validation;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shapes of the ids a request names. An id that cannot exist is answered at once, without asking a store: the
 * service's own ids are {@code Secrets.randomId}'s (a prefix, {@code _}, 16 base64url characters), and a brand's
 * user id is one line of at most {@value #MAX_USER_ID_LENGTH} characters of valid Unicode text.
 */
public final class IdShapes {

    public static final int MAX_USER_ID_LENGTH = 200;
    /** Any other path parameter: at least a short line of storable text. */
    static final int MAX_OTHER_LENGTH = 200;

    private static final Pattern RANDOM_PART = Pattern.compile("[A-Za-z0-9_-]{16}");
    /** The path parameters that name the service's own ids, with those ids' prefixes. */
    private static final Map<String, String> PREFIXES =
            Map.of("appId", "app", "keyId", "key", "conversationId", "conv");

    private IdShapes() {}

    /** Whether {@code id} has the shape of the ids {@code Secrets.randomId(prefix)} makes. */
    public static boolean isRandomId(String prefix, String id) {
        return id != null
                && id.length() == prefix.length() + 17
                && id.startsWith(prefix)
                && id.charAt(prefix.length()) == '_'
                && RANDOM_PART
                        .matcher(id)
                        .region(prefix.length() + 1, id.length())
                        .matches();
    }

    /** Why {@code userId} cannot be a brand's user id, or null when it can. */
    public static String userIdProblem(String userId) {
        if (userId == null || userId.isBlank()) {
            return "is required";
        }
        if (userId.length() > MAX_USER_ID_LENGTH) {
            return "must be at most " + MAX_USER_ID_LENGTH + " characters";
        }
        return TextRules.lineProblem(userId);
    }

    /** Whether the path parameter {@code name} with this value can name anything at all. */
    public static boolean possiblePathValue(String name, String value) {
        String prefix = PREFIXES.get(name);
        if (prefix != null) {
            return isRandomId(prefix, value);
        }
        if (name.equals("userId")) {
            return userIdProblem(value) == null;
        }
        return !value.isEmpty() && value.length() <= MAX_OTHER_LENGTH && TextRules.lineProblem(value) == null;
    }
}
