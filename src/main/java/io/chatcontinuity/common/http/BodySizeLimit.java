package io.chatcontinuity.common.http;

import io.chatcontinuity.common.problem.Problem;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.problem.ProblemResponses;
import io.chatcontinuity.common.problem.ProblemType;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The contract's 64 KiB body limit, answered as a problem from {@code Content-Length} before anything is read. It
 * runs just ahead of Quarkus's own check (route order -2), which answers the same limit without a body; that check
 * remains the backstop for chunked bodies that announce no length.
 */
@ApplicationScoped
public class BodySizeLimit {

    public static final long MAX_BYTES = 64 * 1024;
    private static final int BEFORE_QUARKUS_UPLOAD_LIMIT = -3;

    private final ProblemResponses problems;

    BodySizeLimit(ProblemResponses problems) {
        this.problems = problems;
    }

    public static ProblemException tooLarge() {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The body is larger than 64 KiB.");
    }

    void install(@Observes Router router) {
        router.route().order(BEFORE_QUARKUS_UPLOAD_LIMIT).handler(ctx -> {
            if (declaredLength(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH)) > MAX_BYTES) {
                ctx.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(problems.json(tooLarge()));
                return;
            }
            ctx.next();
        });
    }

    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
