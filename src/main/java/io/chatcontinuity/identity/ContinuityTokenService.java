package io.chatcontinuity.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.app.App;
import io.chatcontinuity.common.JsonFields;
import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.validation.IdShapes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/** Continuity tokens minted for a brand's logged-in users: 256 random bits, stored only as a hash. */
@ApplicationScoped
public class ContinuityTokenService {

    private final EndUserRepository users;
    private final ContinuityTokenRepository tokens;

    ContinuityTokenService(EndUserRepository users, ContinuityTokenRepository tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    public Uni<MintedContinuityToken> mint(App app, JsonNode body) {
        String userId = readUserId(body);
        return Panache.withTransaction(() -> mint(app, userId));
    }

    private Uni<MintedContinuityToken> mint(App app, String userId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String token = Secrets.randomToken(32);
        return users.findOrCreate(app.id(), userId, now)
                .chain(user -> {
                    ContinuityTokenEntity row = new ContinuityTokenEntity();
                    row.tokenHash = Secrets.sha256Hex(token);
                    row.appId = app.id();
                    row.userId = userId;
                    row.createdAt = now;
                    return tokens.persist(row);
                })
                .replaceWith(new MintedContinuityToken(token));
    }

    static String readUserId(JsonNode body) {
        JsonFields fields = JsonFields.of(body, "", Set.of("userId"));
        String userId = fields.text("userId", null, IdShapes.MAX_USER_ID_LENGTH);
        if (userId == null && !fields.has("userId")) {
            fields.error("userId", "is required");
        } else if (userId != null && IdShapes.userIdProblem(userId) != null) {
            fields.error("userId", IdShapes.userIdProblem(userId));
        }
        fields.throwIfInvalid();
        return userId;
    }
}
