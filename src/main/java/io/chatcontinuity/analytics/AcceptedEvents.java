package io.chatcontinuity.analytics;

/** {@code POST /v1/sessions/current/analytics/events}: how many events were stored. */
public record AcceptedEvents(int accepted) {}
