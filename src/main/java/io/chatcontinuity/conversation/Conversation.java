package io.chatcontinuity.conversation;

/** Whose a conversation is: the app and the visitor id of its anonymous visitor or identified user. */
public record Conversation(String id, String appId, String visitorId) {}
