package io.chatcontinuity.common.problem;

import io.chatcontinuity.common.http.BodySizeLimit;
import io.quarkus.logging.Log;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;

/**
 * Problem details for the requests that fail below the REST layer, where no exception mapper sees them: a request
 * without {@code Host}, a request target that is no path ({@code *}), a chunked body over the limit, a request line
 * or header block over the limits. The HTTP codec's own limits (application.properties) sit above the ones answered
 * here, so that such requests reach the router and get a body; only what the codec itself refuses (beyond those,
 * or malformed HTTP such as control characters in a header) is answered by Vert.x without one.
 */
@ApplicationScoped
public class HttpProblems {

    /** The request line a client may send: longer ones are answered 414. The codec stops at 16 KiB. */
    static final int MAX_URI_LENGTH = 4096;
    /** The header block a client may send: larger ones are answered 431. The codec stops at 40 KiB. */
    static final int MAX_HEADER_BYTES = 20 * 1024;
    /** Ahead of everything, so that nothing reads a request this refuses. */
    private static final int FIRST = Integer.MIN_VALUE + 10;

    private static final Set<HttpMethod> BODY_METHODS =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final ProblemResponses problems;

    HttpProblems(ProblemResponses problems) {
        this.problems = problems;
    }

    void install(@Observes Router router) {
        // Every body of a request that announces no length is read whole (at most 64 KiB) before the REST layer
        // reads it, so that one over the limit is refused here, with a problem, rather than deep in that layer.
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(BodySizeLimit.MAX_BYTES);
        router.route().order(FIRST).handler(ctx -> {
            HttpServerRequest request = ctx.request();
            if (request.uri().length() > MAX_URI_LENGTH) {
                answer(
                        ctx,
                        ProblemException.withStatus(
                                ProblemType.INVALID_REQUEST,
                                414,
                                "The request target is longer than " + MAX_URI_LENGTH + " characters."));
            } else if (headerBytes(request) > MAX_HEADER_BYTES) {
                answer(
                        ctx,
                        ProblemException.withStatus(
                                ProblemType.INVALID_REQUEST,
                                431,
                                "The request's headers are larger than " + MAX_HEADER_BYTES / 1024 + " KiB."));
            } else if (announcesNoLength(request)) {
                chunkedBodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
        // The REST layer reads a body itself unless the context holds one, and an empty one reads as none: give it one.
        router.route().order(FIRST + 1).handler(ctx -> {
            if (announcesNoLength(ctx.request()) && ctx.getBody() == null) {
                ctx.setBody(Buffer.buffer());
            }
            ctx.next();
        });
        router.route().order(FIRST).failureHandler(this::failed);
    }

    private void failed(RoutingContext ctx) {
        if (ctx.failure() instanceof HttpClosedException) {
            Log.debugf("The client of %s went away", ctx.request().path());
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.failure() instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
        ProblemException problem;
        if (status == 404) {
            problem = ProblemException.notFound("No such resource.");
        } else if (status == 413) {
            problem = BodySizeLimit.tooLarge();
        } else if (status == 400 && ctx.request().authority() == null) {
            problem = new ProblemException(ProblemType.INVALID_REQUEST, "An HTTP/1.1 request needs a Host header.");
        } else if (status >= 400 && status < 500) {
            problem = ProblemException.withStatus(ProblemType.INVALID_REQUEST, status, "The request is not valid.");
        } else {
            problem = StoreFailures.toProblem(
                    ctx.failure() == null ? new IllegalStateException("status " + status) : ctx.failure(),
                    ctx.request().method() + " " + ctx.request().path());
        }
        Log.debugf("Refused below the REST layer: %d %s", problem.status(), problem.getMessage());
        answer(ctx, problem);
    }

    /** Answers and closes the connection: what is left of a refused request is not worth reading. */
    private void answer(RoutingContext ctx, ProblemException problem) {
        var response = ctx.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close");
        if (problem.retryAfter() != null) {
            response.putHeader(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
        }
        response.end(problems.json(problem));
    }

    private static boolean announcesNoLength(HttpServerRequest request) {
        return BODY_METHODS.contains(request.method())
                && request.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                && !request.headers().contains(HttpHeaders.CONTENT_LENGTH);
    }

    private static long headerBytes(HttpServerRequest request) {
        long bytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }
}
