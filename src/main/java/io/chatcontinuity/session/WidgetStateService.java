package io.chatcontinuity.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.app.AppSettings;
import io.chatcontinuity.common.JsonFields;
import io.chatcontinuity.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The widget state a session's devices share. {@code open} is kept only for apps with {@code persistChatState};
 * a trigger may be hidden for at most the app's {@code triggerSnooze}. Always read from Redis, never from an
 * instance's copy of the session: another device may have changed it a moment ago.
 */
@ApplicationScoped
public class WidgetStateService {

    private static final Duration SKEW = Duration.ofMinutes(1);

    private final SessionStore store;

    WidgetStateService(SessionStore store) {
        this.store = store;
    }

    public Uni<WidgetState> current(CurrentSession current) {
        return store.state(current.sessionId()).map(state -> visible(current, state));
    }

    private static WidgetState visible(CurrentSession current, WidgetState state) {
        return current.app().settings().persistChatState()
                ? state
                : new WidgetState(false, state.triggerHiddenUntil(), state.soundEnabled());
    }

    public Uni<WidgetState> patch(CurrentSession current, JsonNode mergePatch) {
        if (mergePatch == null || !mergePatch.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON merge patch object");
        }
        AppSettings settings = current.app().settings();
        return current(current).chain(state -> patched(current, settings, state, mergePatch));
    }

    private Uni<WidgetState> patched(
            CurrentSession current, AppSettings settings, WidgetState state, JsonNode mergePatch) {
        JsonFields fields = JsonFields.of(mergePatch, "", Set.of("open", "triggerHiddenUntil", "soundEnabled"));
        boolean open = fields.bool("open", state.open()) && settings.persistChatState();
        boolean sound = fields.bool("soundEnabled", state.soundEnabled());
        Instant hiddenUntil = mergePatch.has("triggerHiddenUntil")
                ? hiddenUntil(fields, mergePatch, settings)
                : state.triggerHiddenUntil();
        fields.throwIfInvalid();
        WidgetState patched = new WidgetState(open, hiddenUntil, sound);
        return store.saveState(current.sessionId(), patched).replaceWith(patched);
    }

    private static Instant hiddenUntil(JsonFields fields, JsonNode patch, AppSettings settings) {
        JsonNode value = patch.get("triggerHiddenUntil");
        if (value.isNull()) {
            return null;
        }
        String rule = "must be an RFC 3339 time at most " + settings.triggerSnooze() + " ahead";
        if (!value.isTextual()) {
            return fields.invalid("triggerHiddenUntil", rule, null);
        }
        try {
            Instant until = OffsetDateTime.parse(value.textValue()).toInstant();
            if (until.isAfter(Instant.now().plus(settings.triggerSnooze()).plus(SKEW))) {
                return fields.invalid("triggerHiddenUntil", rule, null);
            }
            return until;
        } catch (DateTimeParseException e) {
            return fields.invalid("triggerHiddenUntil", rule, null);
        }
    }
}
