package io.chatcontinuity.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Watchers of a session's end: each watch stops on its own, and an end reaches every watcher still watching (once
 * here at once, and again when this instance hears its own notice through Redis, hence the distinct answers).
 */
@QuarkusTest
class SessionEndingsTest {

    @Inject
    SessionEndings endings;

    @Test
    void anEndReachesOnlyTheWatchersStillWatching() {
        String sessionId = "ses_" + UUID.randomUUID();
        List<String> told = new CopyOnWriteArrayList<>();
        Runnable first = endings.watch(sessionId, ended -> told.add("first"));
        endings.watch(sessionId, ended -> told.add("second"));
        Runnable third = endings.watch(sessionId, ended -> told.add("third"));

        first.run();
        third.run();
        third.run(); // stopping twice changes nothing
        endings.announce(new SessionEnded(sessionId, null, null)).await().indefinitely();

        assertEquals(List.of("second"), told.stream().distinct().toList());
    }

    @Test
    void oneConsumerWatchingTwiceStopsOneWatchAtATime() {
        String sessionId = "ses_" + UUID.randomUUID();
        List<String> told = new CopyOnWriteArrayList<>();
        Consumer<SessionEnded> consumer = ended -> told.add(ended.sessionId());
        Runnable once = endings.watch(sessionId, consumer);
        endings.watch(sessionId, consumer);

        once.run();
        endings.announce(new SessionEnded(sessionId, null, null)).await().indefinitely();

        assertEquals(List.of(sessionId), told.stream().distinct().toList());
    }
}
