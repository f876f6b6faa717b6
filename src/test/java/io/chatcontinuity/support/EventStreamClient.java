package io.chatcontinuity.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test client of {@code GET /v1/sessions/current/events}: reads the stream on its own thread, event by event. */
public final class EventStreamClient implements AutoCloseable {

    /**
     * One server-sent event; {@code name} "comment" for a comment line (a heartbeat), "closed" when the stream ends.
     */
    public record Event(String name, String id, String data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "event-stream-client");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static EventStreamClient open(String baseUrl, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/sessions/current/events"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            // HTTP/1.1 as a browser's EventSource uses on plain http (no h2c upgrade in between).
            HttpResponse<InputStream> response = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            return new EventStreamClient(response);
        } catch (Exception e) {
            throw new IllegalStateException("Could not open the event stream", e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    /** The next event that is not a heartbeat, or null when none arrives in time. */
    public Event next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null || !event.name().equals("comment")) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next heartbeat comment, skipping anything else, or null when none arrives in time. */
    public Event nextHeartbeat(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Event event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null || event.name().equals("comment")) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            String id = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(name, id, data.toString()));
                    }
                    name = "message";
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event("comment", null, line.substring(1).trim()));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder() : data.append('\n');
                    data.append(line.substring(5).trim());
                }
            }
        } catch (Exception e) {
            // the stream was closed under the reader: that is its end
        }
        events.add(new Event("closed", null, null));
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (Exception e) {
            // already closed
        }
        reader.interrupt();
    }
}
