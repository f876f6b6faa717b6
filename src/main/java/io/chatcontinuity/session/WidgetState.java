package io.chatcontinuity.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The widget's state that every device of a session shares. */
public record WidgetState(boolean open, Instant triggerHiddenUntil, boolean soundEnabled) {

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
