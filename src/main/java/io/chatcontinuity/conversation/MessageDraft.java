package io.chatcontinuity.conversation;

/** A message someone asks to post, checked: what both message-posting endpoints' bodies ask for. */
public record MessageDraft(String clientMessageId, Author author, String text) {

    static final String CLIENT_ID = "[A-Za-z0-9._:-]{1,100}";
    static final String CLIENT_ID_RULE = "must be 1 to 100 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'";

    /** Whether {@code id} matches {@link #CLIENT_ID}, without a regular expression. */
    static boolean plainClientId(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == ':'
                    || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

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
