package io.chatcontinuity.conversation;

/**
 * A message with its place in its conversation: {@code seq} grows with commit order inside a conversation, so it
 * serves as the paging cursor and as the event id a reconnecting stream replays from.
 */
public record StoredMessage(String conversationId, long seq, Message message) {}
