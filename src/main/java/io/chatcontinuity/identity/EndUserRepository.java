package io.chatcontinuity.identity;

import io.chatcontinuity.common.Secrets;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

@ApplicationScoped
public class EndUserRepository implements PanacheRepositoryBase<EndUserEntity, EndUserEntity.Key> {

    @WithSession
    public Uni<EndUserEntity> load(String appId, String userId) {
        return findById(new EndUserEntity.Key(appId, userId));
    }

    /** The user, created with a fresh visitor id and conversation on first sight. */
    public Uni<EndUserEntity> findOrCreate(String appId, String userId, Instant now) {
        return findById(new EndUserEntity.Key(appId, userId)).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            EndUserEntity user = new EndUserEntity();
            user.appId = appId;
            user.userId = userId;
            user.visitorId = Secrets.randomId("vis");
            user.conversationId = Secrets.randomId("conv");
            user.createdAt = now;
            return persist(user);
        });
    }
}
