package io.chatcontinuity.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The backend of the demo brand's site (dev mode only): it talks to the service over its public HTTP API exactly as a
 * brand's server would, with the operator token to set up its app and the app's API key for everything else. The app
 * and its key are kept in {@code target/demo-brand.json}, so a restart of dev mode keeps the same app and history.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DemoBrand {

    /** The demo CMP's TC strings name this vendor id (see cmp.js). */
    static final int VENDOR_ID = 1234;

    private static final Path STATE = Path.of("target", "demo-brand.json");

    record Brand(String appId, String apiKey) {}

    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String service;
    private final String adminToken;
    private final List<String> origins;
    private final Map<String, String> continuityTokens = new ConcurrentHashMap<>();
    private volatile Brand brand;

    DemoBrand(
            ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.port") int port,
            @ConfigProperty(name = "chat.admin.token") String adminToken) {
        this.json = json;
        this.service = "http://localhost:" + port;
        this.adminToken = adminToken;
        this.origins = List.of("http://localhost:" + port, "http://127.0.0.1:" + port);
    }

    /** The demo app, created at the first page view if missing, its settings and origins brought up to date. */
    synchronized Brand brand() {
        if (brand != null) {
            return brand;
        }
        Map<String, Object> definition = Map.of(
                "name",
                "Northwind Outfitters (demo)",
                "allowedOrigins",
                origins,
                "settings",
                Map.of(
                        "storage",
                        "local",
                        "sessionMerge",
                        true,
                        "persistChatState",
                        true,
                        "consent",
                        Map.of("mode", "tcf", "vendorId", VENDOR_ID)));
        Brand saved = load();
        if (saved != null
                && call("PATCH", "/v1/admin/apps/" + saved.appId(), adminToken, definition)
                                .status()
                        == 200) {
            brand = saved;
        } else {
            JsonNode created =
                    call("POST", "/v1/admin/apps", adminToken, definition).require(201);
            brand = new Brand(
                    created.get("appId").asText(), created.get("apiKey").asText());
            store(brand);
            Log.infof("Demo brand: created app %s", brand.appId());
        }
        return brand;
    }

    /** The user's continuity token, minted once per user and dev-mode run, as a brand would keep it. */
    String continuityToken(String userId) {
        Brand b = brand();
        return continuityTokens.computeIfAbsent(
                userId,
                user -> call("POST", "/v1/apps/" + b.appId() + "/continuity-tokens", b.apiKey(), Map.of("userId", user))
                        .require(201)
                        .get("continuityToken")
                        .asText());
    }

    /** An agent's reply, posted through the brand API; answers the service's status and body. */
    Answer reply(String conversationId, String text) {
        Brand b = brand();
        return call(
                "POST",
                "/v1/apps/" + b.appId() + "/conversations/" + conversationId + "/messages",
                b.apiKey(),
                Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text, "author", "agent"));
    }

    record Answer(int status, JsonNode body) {
        JsonNode require(int expected) {
            if (status != expected) {
                throw new IllegalStateException("The service answered " + status + ": " + body);
            }
            return body;
        }
    }

    private Answer call(String method, String path, String bearer, Object body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(service + path))
                    .header("Authorization", "Bearer " + bearer)
                    .header(
                            "Content-Type",
                            method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
            return new Answer(response.statusCode(), answer);
        } catch (IOException e) {
            throw new IllegalStateException("The demo brand could not reach the service: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Brand load() {
        try {
            return Files.exists(STATE) ? json.readValue(STATE.toFile(), Brand.class) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void store(Brand b) {
        try {
            Files.createDirectories(STATE.getParent());
            json.writeValue(STATE.toFile(), b);
        } catch (IOException e) {
            Log.warnf("Demo brand: could not keep %s: %s", STATE, e.getMessage());
        }
    }
}
