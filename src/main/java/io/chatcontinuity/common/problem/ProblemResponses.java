package io.chatcontinuity.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

/**
 * Builds problem responses, for exception mappers and for the few HTTP-level filters that answer by themselves, with
 * the service's one configured {@link ObjectMapper}.
 */
@Singleton
public class ProblemResponses {

    private final ObjectMapper json;

    ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    public Response of(ProblemException e) {
        Response.ResponseBuilder response =
                Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(json(e));
        if (e.retryAfter() != null) {
            response.header("Retry-After", Math.max(1, e.retryAfter().toSeconds()));
        }
        return response.build();
    }

    public String json(ProblemException e) {
        try {
            return json.writeValueAsString(Problem.of(e.type(), e.status(), e.getMessage(), e.errors()));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
