package io.chatcontinuity.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
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

    App toApp(AppEntity row) {
        try {
            List<String> origins = json.readValue(row.allowedOrigins, new TypeReference<>() {});
            AppDefinition definition =
                    AppDefinition.read(definitionJson(row.name, origins, json.readTree(row.settings)));
            return new App(
                    row.id,
                    row.name,
                    origins,
                    definition.settings(),
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
        return definitionJson(app.name(), app.allowedOrigins(), json.valueToTree(app.settings()));
    }

    private JsonNode definitionJson(String name, List<String> origins, JsonNode settings) {
        ObjectNode node = json.createObjectNode();
        node.put("name", name);
        node.set("allowedOrigins", json.valueToTree(origins));
        node.set("settings", settings);
        return node;
    }
}
