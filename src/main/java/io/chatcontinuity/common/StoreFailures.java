package io.chatcontinuity.common;

import io.quarkus.logging.Log;
import io.vertx.pgclient.PgException;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Decides what a failure that is not already one of our answers means, by its type: a store that is down or slow
 * (503, logged as a warning), a store refusing data that validation should have refused (a defect of ours, but the
 * request's data: 400, logged as an error), a conflict between concurrent requests (503: a retry succeeds), or any
 * other defect (503, the contract allowing no other 5xx, logged with its stack trace). Messages are never read:
 * words change between driver versions and would let input decide the answer.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    public static ProblemException toProblem(Throwable failure) {
        return toProblem(failure, "a background task");
    }

    /** As {@link #toProblem(Throwable)}, naming {@code request} (such as {@code POST /v1/...}) in the log. */
    public static ProblemException toProblem(Throwable failure, String request) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        PgException refusal = dataRefusal(failure);
        if (refusal != null) {
            Log.errorf("Validation defect: Postgres refused data of %s: SQLSTATE %s %s%s", request,
                    refusal.getSqlState(), refusal.getErrorMessage(), where(refusal));
            return new ProblemException(ProblemType.INVALID_REQUEST, "The request holds a value that cannot be stored.");
        }
        if (isOutage(failure)) {
            Log.warnf("A backing store is unavailable (%s): %s", request, rootCause(failure));
        } else if (isConflict(failure)) {
            Log.warnf("Concurrent requests conflicted in Postgres (%s), answered with a retry: %s", request,
                    rootCause(failure));
        } else {
            ProblemMapper.logUnexpected(failure);
        }
        return ProblemException.unavailable();
    }

    /** Whether a store is down, unreachable, overloaded or too slow. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException p) {
                return p.type() == ProblemType.UNAVAILABLE;
            }
            if (t instanceof ConnectException || t instanceof ClosedChannelException || t instanceof IOException
                    || t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException
                    // How Vert.x's clients fail what was pending on a connection that closed: a type with no detail.
                    || t instanceof io.vertx.core.impl.NoStackTraceThrowable) {
                return true;
            }
            if (t instanceof PgException pg && sqlStateIn(pg, "08", "53", "57", "58")) {
                return true;
            }
        }
        return false;
    }

    /** Postgres refusing a value (class 22) or a constraint that no concurrent request explains (class 23). */
    private static PgException dataRefusal(Throwable failure) {
        PgException pg = pgException(failure);
        boolean refused = pg != null && (sqlStateIn(pg, "22") || sqlStateIn(pg, "23") && !isConflict(failure));
        return refused ? pg : null;
    }

    /** Unique and exclusion violations, deadlocks and serialization failures: two requests raced. */
    private static boolean isConflict(Throwable failure) {
        PgException pg = pgException(failure);
        return pg != null && pg.getSqlState() != null && (pg.getSqlState().equals("23505")
                || pg.getSqlState().equals("23P01") || pg.getSqlState().startsWith("40")
                || pg.getSqlState().equals("55P03"));
    }

    private static PgException pgException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                return pg;
            }
        }
        return null;
    }

    private static boolean sqlStateIn(PgException pg, String... classes) {
        String state = pg.getSqlState();
        if (state == null) {
            return false;
        }
        for (String prefix : classes) {
            if (state.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Where Postgres says the refusal happened; never the refused value, which may be a secret. */
    private static String where(PgException pg) {
        StringBuilder where = new StringBuilder();
        if (pg.getTable() != null) {
            where.append(" table ").append(pg.getTable());
        }
        if (pg.getColumn() != null) {
            where.append(" column ").append(pg.getColumn());
        }
        if (pg.getConstraint() != null) {
            where.append(" constraint ").append(pg.getConstraint());
        }
        return where.toString();
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
