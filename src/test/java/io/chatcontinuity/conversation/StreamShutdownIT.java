package io.chatcontinuity.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.support.EventStreamClient;
import io.chatcontinuity.support.ServiceInstances;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM closes open event streams when readiness turns down, instead of holding the exit for the whole timeout. */
class StreamShutdownIT {

    @Test
    void openStreamsCloseAtShutdownSoTheProcessExitsWellBeforeTheTimeout() throws Exception {
        try (ServiceInstances instances = ServiceInstances.start(1, Map.of("QUARKUS_SHUTDOWN_DELAY", "2s"))) {
            ServiceInstances.Instance instance = instances.get(0);
            String appId = instance.createApp("Shutdown", Map.of()).getString("appId");
            String token = instance.newSessionToken(appId);
            try (EventStreamClient stream = EventStreamClient.open(instance.url(), token, null)) {
                assertEquals(200, stream.status());
                long start = System.nanoTime();
                instance.process().destroy();
                EventStreamClient.Event closed = stream.next(Duration.ofSeconds(15));
                assertNotNull(closed, "the stream closed");
                assertEquals("closed", closed.name(), "closed without an 'ended' event: the session goes on");
                assertTrue(instance.process().waitFor(15, TimeUnit.SECONDS), "exited");
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                // The shutdown timeout is 20 s: a stream that held the exit would take at least that long.
                assertTrue(seconds < 15, "exited after " + seconds + " s");
                // A JVM ended by SIGTERM reports 143 (128 + 15) however cleanly it shut down.
                assertTrue(
                        List.of(0, 143).contains(instance.process().exitValue()),
                        "exit " + instance.process().exitValue());
            }
        }
    }
}
