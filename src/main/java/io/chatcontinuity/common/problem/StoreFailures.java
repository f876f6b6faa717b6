package io.chatcontinuity.common.problem;

import io.quarkus.logging.Log;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.impl.types.ErrorType;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

/**
 * Decides what a failure that is not already one of our answers means, by its type: a store that is down or slow
 * (503, logged as a warning), a store refusing data that validation should have refused (a defect of ours, but the
 * request's data: 400, logged as an error), a conflict between concurrent requests (503: a retry succeeds), or any
 * other defect (503, the contract allowing no other 5xx, logged with its stack trace). Messages are never read:
 * words change between driver versions and would let input decide the answer.
 */
public final class StoreFailures {

    private StoreFailures() {}

    public static ProblemException toProblem(Throwable failure) {
        return toProblem(failure, "a background task");
    }

    /** As {@link #toProblem(Throwable)}, naming {@code request} (such as {@code POST /v1/...}) in the log. */
    public static ProblemException toProblem(Throwable failure, String request) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        Throwable refusal = dataRefusal(failure);
        if (refusal != null) {
            Log.errorf(
                    "Validation defect: Postgres refused data of %s: SQLSTATE %s %s",
                    request, sqlState(refusal), described(refusal));
            return new ProblemException(
                    ProblemType.INVALID_REQUEST, "The request holds a value that cannot be stored.");
        }
        if (isOutage(failure)) {
            Log.warnf("A backing store is unavailable (%s): %s", request, rootCause(failure));
        } else if (isConflict(failure)) {
            Log.warnf(
                    "Concurrent requests conflicted in Postgres (%s), answered with a retry: %s",
                    request, rootCause(failure));
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
            if (t instanceof ConnectException
                    || t instanceof ClosedChannelException
                    || t instanceof IOException
                    || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException
                    || t instanceof ClosedConnectionException
                    || t instanceof ConnectionPoolTooBusyException
                    // How Vert.x's clients fail what was pending on a connection that closed: a type with no detail.
                    || t instanceof NoStackTraceThrowable
                    // Redis's error replies all have this one type (their kind is only in the text). Our commands
                    // are fixed, so a reply of it means a Redis we cannot use now: loading, a read-only replica, out
                    // of memory, busy, or a connection the client closed with the pending commands on it.
                    || t instanceof ErrorType) {
                return true;
            }
            if (sqlStateIn(t, "08", "53", "57", "58")) {
                return true;
            }
        }
        return false;
    }

    /** Postgres refusing a value (class 22) or a constraint that no concurrent request explains (class 23). */
    private static Throwable dataRefusal(Throwable failure) {
        Throwable refusal = withSqlState(failure);
        boolean refused =
                refusal != null && (sqlStateIn(refusal, "22") || sqlStateIn(refusal, "23") && !isConflict(failure));
        return refused ? refusal : null;
    }

    /** A row that a foreign key needs was deleted meanwhile (SQLSTATE 23503), for example by a concurrent erasure. */
    public static boolean isForeignKeyViolation(Throwable failure) {
        Throwable withState = withSqlState(failure);
        return withState != null && "23503".equals(sqlState(withState));
    }

    /** Unique and exclusion violations, deadlocks, serialization failures and lock timeouts: two requests raced. */
    private static boolean isConflict(Throwable failure) {
        Throwable withState = withSqlState(failure);
        String state = withState == null ? null : sqlState(withState);
        return state != null
                && (state.equals("23505") || state.equals("23P01") || state.startsWith("40") || state.equals("55P03"));
    }

    /**
     * The first failure in the chain that carries a SQLSTATE: the reactive driver's own, or the JDBC form Hibernate
     * converts it to.
     */
    private static Throwable withSqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (sqlState(t) != null) {
                return t;
            }
        }
        return null;
    }

    private static String sqlState(Throwable t) {
        if (t instanceof PgException pg) {
            return pg.getSqlState();
        }
        return t instanceof SQLException sql ? sql.getSQLState() : null;
    }

    private static boolean sqlStateIn(Throwable t, String... classes) {
        String state = sqlState(t);
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

    /**
     * What Postgres says it refused and where; never the refused value (its DETAIL), which may be a secret. The
     * JDBC form's message is Postgres's message and, from Hibernate, the statement with its placeholders.
     */
    private static String described(Throwable refusal) {
        if (!(refusal instanceof PgException pg)) {
            return refusal.getMessage();
        }
        StringBuilder where = new StringBuilder(String.valueOf(pg.getErrorMessage()));
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
