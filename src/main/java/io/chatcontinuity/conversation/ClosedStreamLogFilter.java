package io.chatcontinuity.conversation;

import io.quarkus.logging.LoggingFilter;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops Quarkus REST's error for an event written to a stream whose client has just gone away. A heartbeat or message
 * can be on its way to a connection in the instant it closes (the close is seen on the connection's event loop, the
 * write may come from another thread), and Quarkus REST then logs "impossible to send it to client" at ERROR with a
 * {@link ClosedChannelException} (or Vert.x's own words for a closed connection). That is a visitor leaving,
 * thousands a minute when a page's traffic turns over, not a failure: the stream's own close handling stops what fed
 * it. Any other error from that handler is still logged.
 * Installed on the console handler ({@code quarkus.log.console.filter}).
 */
@LoggingFilter(name = "closed-streams")
public final class ClosedStreamLogFilter implements Filter {

    static final String SSE_HANDLER = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(SSE_HANDLER.equals(record.getLoggerName()) && clientGone(record.getThrown()));
    }

    private static boolean clientGone(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException
                    || t instanceof HttpClosedException
                    || (t instanceof VertxException && "Connection was closed".equals(t.getMessage()))) {
                return true;
            }
        }
        return false;
    }
}
