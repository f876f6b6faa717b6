package io.chatcontinuity.common;

import io.quarkus.logging.Log;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Tells a backing store's outage from a defect. Both are answered with 503 (the contract allows no other 5xx), but
 * only a defect is logged with its stack trace.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    public static ProblemException toProblem(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (isOutage(failure)) {
            Log.warnf("A backing store is unavailable: %s", rootMessage(failure));
        } else {
            ProblemMapper.logUnexpected(failure);
        }
        return ProblemException.unavailable();
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException || t instanceof TimeoutException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.smallrye.mutiny.TimeoutException || t instanceof ProblemException p && p.type() == ProblemType.UNAVAILABLE) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P") || pg.getSqlState().startsWith("53"))) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection refused") || message.contains("connection is closed")
                    || message.contains("connection reset") || message.contains("pool closed")
                    || message.contains("failed to connect") || message.contains("connection was closed")
                    || message.contains("connection_closed")
                    || message.contains("timeout") || message.contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

}
