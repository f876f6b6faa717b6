package io.chatcontinuity.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.json.JsonMergePatch;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.validation.CheckedBodyReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The operator's view of apps: create, read, merge-patch, and the brand backends' API keys. */
@ApplicationScoped
public class AppService {

    private final AppRepository apps;
    private final ApiKeyRepository apiKeys;
    private final AppCodec codec;
    private final AppDirectory directory;
    private final CheckedBodyReader bodies;

    AppService(
            AppRepository apps,
            ApiKeyRepository apiKeys,
            AppCodec codec,
            AppDirectory directory,
            CheckedBodyReader bodies) {
        this.apps = apps;
        this.apiKeys = apiKeys;
        this.codec = codec;
        this.directory = directory;
        this.bodies = bodies;
    }

    public Uni<CreatedApp> create(AppDefinition body) {
        if (body == null) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        AppDefinition definition = body.normalized();
        // The change is announced once committed, so that other instances reload what is in Postgres.
        return Panache.withTransaction(() -> insert(definition))
                .call(created -> directory.announceChange(created.appId()));
    }

    private Uni<CreatedApp> insert(AppDefinition definition) {
        Instant now = now();
        AppEntity row = new AppEntity();
        row.id = Secrets.randomId("app");
        row.identitySecret = Secrets.randomToken(32);
        row.configVersion = 1;
        row.createdAt = now;
        row.updatedAt = now;
        codec.write(definition, row);
        String apiKey = newApiKeySecret();
        ApiKeyEntity key = newKey(row.id, apiKey, now);
        return apps.persist(row)
                .chain(() -> apiKeys.persist(key))
                .map(ignored -> new CreatedApp(
                        row.id,
                        definition.name(),
                        definition.allowedOrigins(),
                        definition.settings(),
                        apiKey,
                        key.id,
                        row.identitySecret,
                        row.configVersion,
                        now));
    }

    public Uni<AppView> get(String appId) {
        return apps.load(appId)
                .onItem()
                .ifNull()
                .failWith(() -> notFound(appId))
                .map(row -> AppView.of(codec.toApp(row)));
    }

    public Uni<AppView> patch(String appId, JsonNode mergePatch) {
        if (mergePatch == null || !mergePatch.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON merge patch object");
        }
        return Panache.withTransaction(() -> applyPatch(appId, mergePatch))
                .call(view -> directory.announceChange(appId));
    }

    private Uni<AppView> applyPatch(String appId, JsonNode mergePatch) {
        return apps.lockForUpdate(appId)
                .onItem()
                .ifNull()
                .failWith(() -> notFound(appId))
                .map(row -> {
                    JsonNode current = codec.definitionJson(codec.toApp(row));
                    codec.write(read(JsonMergePatch.apply(current, mergePatch)).normalized(), row);
                    row.configVersion++;
                    row.updatedAt = now();
                    return AppView.of(codec.toApp(row));
                });
    }

    private AppDefinition read(JsonNode definition) {
        try {
            return bodies.read(definition, AppDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @WithTransaction
    public Uni<IssuedApiKey> issueApiKey(String appId) {
        return apps.findById(appId)
                .onItem()
                .ifNull()
                .failWith(() -> notFound(appId))
                .chain(app -> {
                    String secret = newApiKeySecret();
                    ApiKeyEntity key = newKey(appId, secret, now());
                    return apiKeys.persist(key).map(saved -> new IssuedApiKey(key.id, secret));
                });
    }

    @WithTransaction
    public Uni<Void> revokeApiKey(String appId, String keyId) {
        return apiKeys.findById(keyId)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No API key " + keyId + " in app " + appId + "."))
                .invoke(key -> {
                    if (!key.appId.equals(appId)) {
                        throw ProblemException.notFound("No API key " + keyId + " in app " + appId + ".");
                    }
                    if (key.revokedAt == null) {
                        key.revokedAt = now();
                    }
                })
                .replaceWithVoid();
    }

    private static ApiKeyEntity newKey(String appId, String secret, Instant now) {
        ApiKeyEntity key = new ApiKeyEntity();
        key.id = Secrets.randomId("key");
        key.appId = appId;
        key.keyHash = Secrets.sha256Hex(secret);
        key.createdAt = now;
        return key;
    }

    /** {@code ck_} marks a chat-continuity key, so that secret scanners and people can recognise a leaked one. */
    private static String newApiKeySecret() {
        return "ck_" + Secrets.randomToken(32);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static ProblemException notFound(String appId) {
        return ProblemException.notFound("No app " + appId + ".");
    }
}
