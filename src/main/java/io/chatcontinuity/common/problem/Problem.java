package io.chatcontinuity.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem details body. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, int status, String detail, List<FieldError> errors) {
        return new Problem(type.uri(), type.title(), status, detail, errors);
    }
}
