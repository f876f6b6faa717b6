package io.chatcontinuity.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Everything stored about one identified user of an app (GDPR Art. 15 and 20): the user, the sessions of every
 * device, the conversation with the anonymous conversations merged into it, consent records and analytics events of
 * the user and of the anonymous visitors it logged in from. Continuity tokens appear only as when they were made:
 * their hashes are not the user's data and would only help guessing.
 */
public record UserData(
        String appId,
        String userId,
        Instant exportedAt,
        User user,
        List<Session> sessions,
        Conversation conversation,
        List<ConsentRecord> consentRecords,
        List<AnalyticsEvent> analyticsEvents,
        List<Instant> continuityTokensCreatedAt) {

    public record User(String visitorId, String conversationId, Instant createdAt) {}

    public record Session(
            String id,
            String visitorId,
            boolean authenticated,
            Instant createdAt,
            Instant lastSeenAt,
            Instant endedAt,
            String endReason) {}

    public record Conversation(String id, List<String> mergedFrom, List<Message> messages) {}

    public record Message(String id, String clientMessageId, String author, String text, Instant createdAt) {}

    public record ConsentRecord(
            long id,
            String sessionId,
            String mode,
            String rawInput,
            Boolean gdprApplies,
            String outcome,
            String basis,
            List<String> reasons,
            Instant decidedAt) {}

    public record AnalyticsEvent(
            long id, String sessionId, String type, Instant at, JsonNode props, Instant receivedAt) {}
}
