package io.chatcontinuity.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One analytics event as the widget reports it.
 *
 * @param type what happened, such as {@code widget.opened}
 * @param at when it happened, by the browser's clock
 * @param propsJson its properties as a JSON object, or null
 */
record AnalyticsEvent(String type, Instant at, String propsJson) {

    static final int MAX_EVENTS = 100;
    static final int MAX_TYPE_LENGTH = 64;
    static final int MAX_PROPS_BYTES = 4096;
    static final int MAX_PROPS_DEPTH = 4;
    /** Widgets queue events while offline, but not for long; older ones are refused rather than back-dated. */
    static final Duration MAX_AGE = Duration.ofDays(7);
    /** Browser clocks run a little ahead. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    /** The events of a checked batch ({@link AnalyticsBatch}), each props object as its JSON text. */
    static List<AnalyticsEvent> of(AnalyticsBatch batch) {
        return batch.events().stream()
                .map(event -> new AnalyticsEvent(
                        event.type(),
                        event.instant(),
                        event.props() == null || event.props().isNull()
                                ? null
                                : event.props().toString()))
                .toList();
    }
}
