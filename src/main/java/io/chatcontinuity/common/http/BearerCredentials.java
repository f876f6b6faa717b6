package io.chatcontinuity.common.http;

/** Reads the credential of an {@code Authorization: Bearer ...} header. */
public final class BearerCredentials {

    private static final String PREFIX = "Bearer ";

    private BearerCredentials() {}

    /** The credential, or null when the header is absent or not a bearer credential. */
    public static String token(String authorization) {
        if (authorization == null
                || authorization.length() <= PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String token = authorization.substring(PREFIX.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
