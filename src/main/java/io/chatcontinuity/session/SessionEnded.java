package io.chatcontinuity.session;

/**
 * A session has ended. When it ended because its visitor logged in, {@code successorSessionId} and
 * {@code successorConversationId} name the identified session that browser continues in; otherwise they are null.
 */
public record SessionEnded(String sessionId, String successorSessionId, String successorConversationId) {

    String encode() {
        return successorSessionId == null
                ? sessionId
                : sessionId + " " + successorSessionId + " " + successorConversationId;
    }

    /** Reads a notice; parts after the third (what a newer build may add during a rolling deploy) are skipped. */
    static SessionEnded decode(String message) {
        String[] parts = message.split(" ");
        return parts.length >= 3
                ? new SessionEnded(parts[0], parts[1], parts[2])
                : new SessionEnded(parts[0], null, null);
    }

    public boolean continuesElsewhere() {
        return successorSessionId != null;
    }
}
