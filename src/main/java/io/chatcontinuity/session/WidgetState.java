package io.chatcontinuity.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The widget's state that every device of a session shares. */
@Schema(name = "WidgetState", description = "The widget state every device of a session shares")
public record WidgetState(
        @Schema(description = "Whether the chat is open (always false without persistChatState)")
        boolean open,

        @Schema(description = "Until when the trigger is hidden; null when it shows", nullable = true)
        Instant triggerHiddenUntil,

        @Schema(description = "Whether the widget plays sounds")
        boolean soundEnabled) {

    public static final WidgetState INITIAL = new WidgetState(false, null, true);

    static WidgetState fromHash(Map<String, String> hash) {
        String hiddenUntil = hash.get("st.hiddenUntil");
        return new WidgetState(
                "1".equals(hash.get("st.open")),
                hiddenUntil == null || hiddenUntil.isEmpty() ? null : Instant.parse(hiddenUntil),
                !"0".equals(hash.get("st.sound")));
    }

    Map<String, String> toHash() {
        Map<String, String> hash = new HashMap<>();
        hash.put("st.open", open ? "1" : "0");
        hash.put("st.hiddenUntil", triggerHiddenUntil == null ? "" : triggerHiddenUntil.toString());
        hash.put("st.sound", soundEnabled ? "1" : "0");
        return hash;
    }
}
