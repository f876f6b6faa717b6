package io.chatcontinuity.conversation;

import io.chatcontinuity.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code before} cursor of history paging: the sequence number of the oldest message shown, bound to its
 * conversation so that a cursor from one conversation means nothing in another.
 */
final class MessageCursor {

    private MessageCursor() {}

    static String after(String conversationId, long seq) {
        String plain = conversationId + "/" + seq;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The sequence number to page below; {@link Long#MAX_VALUE} for the newest page (no cursor). */
    static long before(String cursor, String conversationId) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int slash = plain.lastIndexOf('/');
            if (slash < 0 || !plain.substring(0, slash).equals(conversationId)) {
                throw new IllegalArgumentException("another conversation's cursor");
            }
            long seq = Long.parseLong(plain.substring(slash + 1));
            if (seq < 1) {
                throw new IllegalArgumentException("out of range");
            }
            return seq;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("before", "is not a cursor this conversation gave out");
        }
    }
}
