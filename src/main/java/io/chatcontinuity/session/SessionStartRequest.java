package io.chatcontinuity.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.JsonFields;
import java.util.Set;

/** The body of {@code POST /v1/apps/{appId}/sessions}; every field optional, the body too. */
public record SessionStartRequest(String continuityToken, String identityToken, boolean merge) {

    static final SessionStartRequest EMPTY = new SessionStartRequest(null, null, false);

    static SessionStartRequest read(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return EMPTY;
        }
        JsonFields fields = JsonFields.of(body, "", Set.of("continuityToken", "identityToken", "merge"));
        String continuity = fields.text("continuityToken", null, 512);
        String identity = fields.text("identityToken", null, 4096);
        boolean merge = fields.bool("merge", false);
        if (continuity != null && identity != null) {
            fields.error("identityToken", "send either continuityToken or identityToken, not both");
        }
        fields.throwIfInvalid();
        return new SessionStartRequest(continuity, identity, merge);
    }

    boolean identifies() {
        return continuityToken != null || identityToken != null;
    }
}
