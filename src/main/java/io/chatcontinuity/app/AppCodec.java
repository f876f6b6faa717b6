package io.chatcontinuity.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Converts between the apps row, the in-memory {@link App} and the JSON an operator patches. */
@ApplicationScoped
class AppCodec {

    private final ObjectMapper json;

    AppCodec(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Stored settings were valid when written: a field stored before it existed reads as its default, and one that a
     * newer instance added is skipped, so that a rolling deploy cannot stop older instances serving the app.
     */
    App toApp(AppEntity row) {
        try {
            List<String> origins = json.readValue(row.allowedOrigins, new TypeReference<>() {});
            return new App(
                    row.id,
                    row.name,
                    origins,
                    json.readerFor(AppSettings.class)
                            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                            .readValue(row.settings),
                    row.identitySecret,
                    row.configVersion,
                    row.createdAt,
                    row.updatedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("apps row " + row.id + " holds unreadable JSON", e);
        }
    }

    void write(AppDefinition definition, AppEntity row) {
        try {
            row.name = definition.name();
            row.allowedOrigins = json.writeValueAsString(definition.allowedOrigins());
            row.settings = json.writeValueAsString(definition.settings());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The patchable part of an app, as JSON: what a merge patch applies to. */
    JsonNode definitionJson(App app) {
        ObjectNode node = json.createObjectNode();
        node.put("name", app.name());
        node.set("allowedOrigins", json.valueToTree(app.allowedOrigins()));
        node.set("settings", json.valueToTree(app.settings()));
        return node;
    }
}
