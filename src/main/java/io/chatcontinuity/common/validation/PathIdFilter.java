package io.chatcontinuity.common.validation;

import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.problem.ProblemResponses;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 404 for a path whose ids cannot exist ({@link IdShapes}), before any credential or store is asked: an id
 * holding NUL or half a surrogate pair names nothing, and must not reach Postgres (which refuses it) or Redis. It
 * checks every path parameter of every endpoint by its name, so a new endpoint is covered without a line of its own.
 */
public class PathIdFilter {

    private final ProblemResponses problems;

    PathIdFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public Response requirePossibleIds(ContainerRequestContext request) {
        for (Map.Entry<String, List<String>> parameter :
                request.getUriInfo().getPathParameters().entrySet()) {
            for (String value : parameter.getValue()) {
                if (!IdShapes.possiblePathValue(parameter.getKey(), value)) {
                    return problems.of(
                            ProblemException.notFound("No " + parameter.getKey() + " of that shape exists."));
                }
            }
        }
        return null;
    }
}
