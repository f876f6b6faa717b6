package io.chatcontinuity.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who wrote a message: the visitor through the widget, or the brand's agents and bots through the API. */
public enum Author {
    VISITOR("visitor"),
    AGENT("agent"),
    BOT("bot");

    private final String json;

    Author(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    static Author of(String json) {
        for (Author author : values()) {
            if (author.json.equals(json)) {
                return author;
            }
        }
        throw new IllegalArgumentException("unknown author " + json);
    }
}
