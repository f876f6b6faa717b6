package io.chatcontinuity.identity;

import io.chatcontinuity.app.App;
import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.problem.StoreFailures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Continuity tokens minted for a brand's logged-in users: 256 random bits, stored only as a hash. */
@ApplicationScoped
public class ContinuityTokenService {

    private final EndUserRepository users;
    private final ContinuityTokenRepository tokens;

    ContinuityTokenService(EndUserRepository users, ContinuityTokenRepository tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    /**
     * Mints in one transaction. An erasure of the same user committed between the user's upsert and the token's insert
     * takes the row the token refers to; minting again, in a new transaction, makes the user anew.
     */
    public Uni<MintedContinuityToken> mint(App app, String userId) {
        return Panache.withTransaction(() -> mintOnce(app, userId))
                .onFailure(StoreFailures::isForeignKeyViolation)
                .retry()
                .atMost(1);
    }

    private Uni<MintedContinuityToken> mintOnce(App app, String userId) {
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
}
