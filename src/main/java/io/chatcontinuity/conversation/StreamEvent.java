package io.chatcontinuity.conversation;

/** What an event stream sends, besides its heartbeats. */
public sealed interface StreamEvent {

    /** A message of the conversation; its {@code seq} is the event id. */
    record MessageArrived(StoredMessage message) implements StreamEvent {}

    /** The session logged in: the stream now carries the identified user's conversation. */
    record ConversationChanged(String conversationId) implements StreamEvent {}

    /** The stream ends because its session did; the widget should not reconnect with the same token. */
    record Ended() implements StreamEvent {}

    record Heartbeat() implements StreamEvent {}
}
