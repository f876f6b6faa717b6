package io.chatcontinuity.app;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class AppRepository implements PanacheRepositoryBase<AppEntity, String> {

    @WithSession
    public Uni<AppEntity> load(String appId) {
        return findById(appId);
    }

    /** Whether any app lists {@code origin}, which is stored lower-case inside a JSON array of strings. */
    @WithSession
    public Uni<Boolean> anyAllowsOrigin(String origin) {
        String quoted = "%\"" + origin.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "\"%";
        return count("allowedOrigins like ?1", quoted).map(n -> n > 0);
    }

    /** The row locked for update, so that concurrent merge patches apply one after the other. */
    public Uni<AppEntity> lockForUpdate(String appId) {
        return findById(appId, LockModeType.PESSIMISTIC_WRITE);
    }
}
