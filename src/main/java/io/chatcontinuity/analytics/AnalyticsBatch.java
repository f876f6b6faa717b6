package io.chatcontinuity.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v1/sessions/current/analytics/events} as the OpenAPI document shows it. */
@Schema(name = "AnalyticsBatch")
public record AnalyticsBatch(
        @Schema(minItems = 1, maxItems = AnalyticsEvent.MAX_EVENTS)
        List<Event> events) {

    @Schema(name = "AnalyticsEvent")
    public record Event(
            @Schema(
                    description = "What happened: 1 to 64 of [A-Za-z0-9_.:-]",
                    maxLength = AnalyticsEvent.MAX_TYPE_LENGTH,
                    examples = "widget.opened")
            String type,

            @Schema(description = "When, RFC 3339: within the last 7 days, at most 5 minutes ahead")
            Instant at,

            @Schema(description = "A JSON object of at most 4 KiB and 4 levels")
            Map<String, Object> props) {}
}
