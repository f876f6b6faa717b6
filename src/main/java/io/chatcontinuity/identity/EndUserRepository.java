package io.chatcontinuity.identity;

import io.chatcontinuity.common.Secrets;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

@ApplicationScoped
public class EndUserRepository implements PanacheRepositoryBase<EndUserEntity, EndUserEntity.Key> {

    private static final String INSERT_UNLESS_PRESENT = "insert into end_users (app_id, user_id, visitor_id, "
            + "conversation_id, created_at) values (?1, ?2, ?3, ?4, ?5) on conflict (app_id, user_id) do nothing";

    @WithSession
    public Uni<EndUserEntity> load(String appId, String userId) {
        return findById(new EndUserEntity.Key(appId, userId));
    }

    /**
     * The user, created with a fresh visitor id and conversation on first sight. Two requests seeing a user first at
     * the same moment (two devices logging in) both get the one that was created: the insert yields to a concurrent
     * one instead of failing on the key.
     */
    public Uni<EndUserEntity> findOrCreate(String appId, String userId, Instant now) {
        EndUserEntity.Key key = new EndUserEntity.Key(appId, userId);
        return findById(key)
                .chain(found -> found != null
                        ? Uni.createFrom().item(found)
                        : getSession()
                                .chain(session -> session.createNativeQuery(INSERT_UNLESS_PRESENT)
                                        .setParameter(1, appId)
                                        .setParameter(2, userId)
                                        .setParameter(3, Secrets.randomId("vis"))
                                        .setParameter(4, Secrets.randomId("conv"))
                                        .setParameter(5, now)
                                        .executeUpdate())
                                .chain(() -> findById(key)));
    }
}
