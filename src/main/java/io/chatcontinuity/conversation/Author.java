package io.chatcontinuity.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatcontinuity.common.json.JsonNames;

/** Who wrote a message: the visitor through the widget, or the brand's agents and bots through the API. */
public enum Author {
    @JsonProperty("visitor")
    VISITOR,
    @JsonProperty("agent")
    AGENT,
    @JsonProperty("bot")
    BOT;

    /** The name JSON and the database know it by. */
    public String json() {
        return JsonNames.of(this);
    }

    static Author of(String json) {
        return JsonNames.parse(Author.class, json);
    }
}
