package io.chatcontinuity.conversation;

import java.util.List;

/** One page of a conversation's history, newest first; {@code nextCursor} is null on the oldest page. */
public record MessagePage(List<Message> messages, String nextCursor) {}
