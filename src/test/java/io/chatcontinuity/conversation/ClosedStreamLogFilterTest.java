package io.chatcontinuity.conversation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ClosedStreamLogFilterTest {

    private final ClosedStreamLogFilter filter = new ClosedStreamLogFilter();

    @Test
    void aWriteToAStreamWhoseClientLeftIsNotLogged() {
        assertFalse(filter.isLoggable(record(ClosedStreamLogFilter.SSE_HANDLER, new ClosedChannelException())));
        assertFalse(filter.isLoggable(
                record(ClosedStreamLogFilter.SSE_HANDLER, new CompletionException(new ClosedChannelException()))));
        assertFalse(filter.isLoggable(
                record(ClosedStreamLogFilter.SSE_HANDLER, new VertxException("Connection was closed", true))));
        assertFalse(filter.isLoggable(record(ClosedStreamLogFilter.SSE_HANDLER, new HttpClosedException("closed"))));
    }

    @Test
    void anyOtherErrorOfTheStreamHandlerIsLogged() {
        assertTrue(filter.isLoggable(record(ClosedStreamLogFilter.SSE_HANDLER, new IllegalStateException("defect"))));
        assertTrue(filter.isLoggable(record(ClosedStreamLogFilter.SSE_HANDLER, null)));
        assertTrue(filter.isLoggable(record(ClosedStreamLogFilter.SSE_HANDLER, new VertxException("other"))));
    }

    @Test
    void aClosedChannelElsewhereIsLogged() {
        assertTrue(
                filter.isLoggable(record("io.chatcontinuity.conversation.LiveMessages", new ClosedChannelException())));
        assertTrue(filter.isLoggable(record("io.vertx.core.net.impl.ConnectionBase", new IOException("reset"))));
    }

    private static LogRecord record(String logger, Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "Exception in SSE server handling");
        record.setLoggerName(logger);
        record.setThrown(thrown);
        return record;
    }
}
