package io.chatcontinuity.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.chatcontinuity.common.http.BodySizeLimit;
import io.chatcontinuity.common.security.CallerFilter;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become the contract's problem details. Nothing but 503 is ever answered in the 5xx
 * range, and no body carries a stack trace, SQL or a secret: unexpected failures are logged here and answered as
 * {@code /problems/unavailable}, except data a store refused, which is the request's ({@link StoreFailures}).
 */
public class ProblemMapper {

    private final ProblemResponses problems;

    ProblemMapper(ProblemResponses problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return problems.of(e);
    }

    /** A credential an identity provider refused: the problem it named, else a plain 401. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        Throwable problem = CallerFilter.asProblem(e);
        return problem instanceof ProblemException refused ? problem(refused) : unexpected(problem, request);
    }

    /** Quarkus Security's own refusals (no identity where one is needed, or the wrong one) as the contract's. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return problems.of(ProblemException.unauthorized("A credential is required."));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problems.of(ProblemException.forbidden("Not allowed."));
    }

    /** A body that does not bind to its record; Quarkus REST has its own answer for this type, without the field. */
    @ServerExceptionMapper
    public Response unboundJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return problems.of(ProblemException.invalid(path(unknown), "unknown field"));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return problems.of(ProblemException.invalid(path(mapping), "has the wrong type or format"));
        }
        if (e instanceof MismatchedInputException) {
            return problems.of(ProblemException.invalid("body", "must be a JSON object"));
        }
        return problems.of(new ProblemException(ProblemType.INVALID_REQUEST, "The body is not valid JSON."));
    }

    /** Quarkus's own type for a request's violations, which would otherwise get its own answer. */
    @ServerExceptionMapper
    public Response requestViolation(ResteasyReactiveViolationException e) {
        return constraintViolation(e);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldName(v.getPropertyPath()), v.getMessage()))
                .toList();
        return problems.of(ProblemException.invalid(errors));
    }

    @ServerExceptionMapper
    public Response protocolError(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        return switch (status) {
            case 404 -> problems.of(ProblemException.notFound("No such resource."));
            case 401 -> problems.of(ProblemException.unauthorized("A credential is required."));
            case 403 -> problems.of(ProblemException.forbidden("Not allowed."));
            case 413 -> problems.of(BodySizeLimit.tooLarge());
            case 405, 406, 415 ->
                problems.of(ProblemException.withStatus(
                        ProblemType.INVALID_REQUEST,
                        status,
                        e.getResponse().getStatusInfo().getReasonPhrase() + "."));
            default ->
                status >= 400 && status < 500
                        ? problems.of(new ProblemException(ProblemType.INVALID_REQUEST, "The request is not valid."))
                        : unexpected(e, request);
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        return problems.of(StoreFailures.toProblem(e, request.method() + " " + request.path()));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /** The violated field: the last node of a path such as {@code create.body.name}. */
    private static String fieldName(Path path) {
        String name = "body";
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name;
    }

    static void logUnexpected(Throwable e) {
        Log.errorf(e, "Unexpected failure answered as 503");
    }
}
