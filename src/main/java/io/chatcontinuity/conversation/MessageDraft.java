package io.chatcontinuity.conversation;

/** A message someone asks to post, checked: what both message-posting endpoints' bodies ask for. */
public record MessageDraft(String clientMessageId, Author author, String text) {

    static final String CLIENT_ID = "[A-Za-z0-9._:-]{1,100}";
    static final String CLIENT_ID_RULE = "must be 1 to 100 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";

    static MessageDraft of(VisitorMessage body) {
        return new MessageDraft(body.clientMessageId(), Author.VISITOR, body.text());
    }

    static MessageDraft of(BrandMessage body) {
        return new MessageDraft(body.clientMessageId(), Author.of(body.author()), body.text());
    }

    /** Whether a stored message is what this draft asks for, so that posting the draft again is a harmless retry. */
    boolean sameAs(Message stored) {
        return stored.author() == author && stored.text().equals(text);
    }
}
