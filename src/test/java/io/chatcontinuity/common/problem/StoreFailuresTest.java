package io.chatcontinuity.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vertx.redis.client.impl.types.ErrorType;
import jakarta.inject.Inject;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Postgres's own refusals, provoked on the real database, and how each is answered. */
@QuarkusTest
class StoreFailuresTest {

    @Inject
    Pool pool;

    @Test
    void dataPostgresRefusesIsAnInvalidRequestNotAnOutage() {
        Throwable refusal = failureOf("select $1::text", Tuple.of("a\u0000b"));

        assertFalse(StoreFailures.isOutage(refusal));
        ProblemException problem = StoreFailures.toProblem(refusal, "GET /test");
        assertEquals(ProblemType.INVALID_REQUEST, problem.type());
        assertEquals(400, problem.status());
    }

    @Test
    void aConstraintThatNoRaceExplainsIsAnInvalidRequest() {
        Throwable refusal = failureInTransaction(
                "create temp table checked (x int check (x > 0)) on commit drop", "insert into checked values (-1)");

        assertEquals(400, StoreFailures.toProblem(refusal).status());
    }

    @Test
    void aUniqueViolationIsARaceAnsweredWithARetry() {
        Throwable conflict = failureInTransaction(
                "create temp table keyed (x int primary key) on commit drop", "insert into keyed values (1), (1)");

        ProblemException problem = StoreFailures.toProblem(conflict);
        assertEquals(503, problem.status());
        assertEquals(ProblemType.UNAVAILABLE, problem.type());
    }

    @Test
    void outagesAreToldByTheirTypeNotTheirWords() {
        assertTrue(StoreFailures.isOutage(new ConnectException("anything at all")));
        assertTrue(StoreFailures.isOutage(new RuntimeException(new TimeoutException())));
        assertTrue(StoreFailures.isOutage(new PgException("bye", "FATAL", "57P01", null)));
        assertTrue(StoreFailures.isOutage(ErrorType.create("CONNECTION_CLOSED")));
        assertTrue(StoreFailures.isOutage(ErrorType.create("LOADING Redis is loading the dataset in memory")));
        assertTrue(StoreFailures.isOutage(new RuntimeException(ErrorType.create("whatever words"))));
        assertFalse(StoreFailures.isOutage(new IllegalStateException("connection refused, timed out")));
        assertEquals(
                503,
                StoreFailures.toProblem(new IllegalStateException("a defect")).status());
    }

    private Throwable failureInTransaction(String setUp, String statement) {
        return pool.withTransaction(connection -> connection
                        .query(setUp)
                        .execute()
                        .chain(() -> connection.query(statement).execute()))
                .onItemOrFailure()
                .transform((rows, failure) -> failure)
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    private Throwable failureOf(String sql, Tuple parameters) {
        return pool.preparedQuery(sql)
                .execute(parameters)
                .onItemOrFailure()
                .transform((rows, failure) -> failure)
                .await()
                .atMost(Duration.ofSeconds(10));
    }
}
