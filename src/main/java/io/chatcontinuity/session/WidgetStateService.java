package io.chatcontinuity.session;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.app.AppSettings;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.validation.CheckedBodyReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The widget state a session's devices share. {@code open} is kept only for apps with {@code persistChatState};
 * a trigger may be hidden for at most the app's {@code triggerSnooze}. Always read from Redis, never from an
 * instance's copy of the session: another device may have changed it a moment ago.
 */
@ApplicationScoped
public class WidgetStateService {

    private final SessionStore store;
    private final CheckedBodyReader bodies;

    WidgetStateService(SessionStore store, CheckedBodyReader bodies) {
        this.store = store;
        this.bodies = bodies;
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
        WidgetStateChange change = read(mergePatch, settings);
        return current(current).chain(state -> {
            WidgetState patched = new WidgetState(
                    requireNonNullElse(change.open(), state.open()) && settings.persistChatState(),
                    mergePatch.has("triggerHiddenUntil") ? change.hiddenUntil() : state.triggerHiddenUntil(),
                    requireNonNullElse(change.soundEnabled(), state.soundEnabled()));
            return store.saveState(current.sessionId(), patched).replaceWith(patched);
        });
    }

    /** The patch itself, not the state it is applied to: a field it leaves out or sets to null keeps its value. */
    private WidgetStateChange read(JsonNode mergePatch, AppSettings settings) {
        try {
            return bodies.read(mergePatch, WidgetStateChange.class, settings.triggerSnooze());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
