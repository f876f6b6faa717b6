package io.chatcontinuity.conversation;

import java.time.Instant;

/** A message as the API shows it. */
public record Message(String id, String clientMessageId, Author author, String text, Instant createdAt) {}
