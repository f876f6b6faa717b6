package io.chatcontinuity.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.JsonFields;
import java.util.Set;
import java.util.regex.Pattern;

/** A message someone asks to post, checked: the body of both message-posting endpoints. */
public record MessageDraft(String clientMessageId, Author author, String text) {

    static final int MAX_TEXT_CHARACTERS = 4_000;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** A visitor's message: {@code {clientMessageId, text}}. */
    static MessageDraft fromVisitor(JsonNode body) {
        JsonFields fields = JsonFields.of(body, "", Set.of("clientMessageId", "text"));
        return read(fields, Author.VISITOR);
    }

    /** An agent's or bot's message: {@code {clientMessageId, text, author}}. */
    static MessageDraft fromBrand(JsonNode body) {
        JsonFields fields = JsonFields.of(body, "", Set.of("clientMessageId", "text", "author"));
        Author author = fields.choice("author", null, Author.class, Author::json);
        if (author == null && !fields.has("author")) {
            fields.error("author", "is required: agent or bot");
        } else if (author == Author.VISITOR) {
            fields.error("author", "must be agent or bot");
        }
        return read(fields, author);
    }

    private static MessageDraft read(JsonFields fields, Author author) {
        String clientMessageId = fields.text("clientMessageId", null, 100);
        if (clientMessageId == null && !fields.has("clientMessageId")) {
            fields.error("clientMessageId", "is required");
        } else if (clientMessageId != null
                && !CLIENT_ID.matcher(clientMessageId).matches()) {
            fields.error("clientMessageId", "must be 1 to 100 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
        }
        // The limit counts characters as a person does (code points), so it is read with room for surrogate pairs.
        String text = fields.multilineText("text", null, 2 * MAX_TEXT_CHARACTERS);
        if (text == null && !fields.has("text")) {
            fields.error("text", "is required");
        } else if (text != null) {
            int characters = text.codePointCount(0, text.length());
            if (text.isBlank()) {
                fields.error("text", "must not be empty or only white space");
            } else if (characters > MAX_TEXT_CHARACTERS) {
                fields.error("text", "must be at most " + MAX_TEXT_CHARACTERS + " characters");
            }
        }
        fields.throwIfInvalid();
        return new MessageDraft(clientMessageId, author, text);
    }

    /** Whether a stored message is what this draft asks for, so that posting the draft again is a harmless retry. */
    boolean sameAs(Message stored) {
        return stored.author() == author && stored.text().equals(text);
    }
}
