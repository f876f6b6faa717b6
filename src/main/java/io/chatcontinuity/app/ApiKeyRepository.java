package io.chatcontinuity.app;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, String> {

    public Uni<ApiKeyEntity> findActiveByHash(String keyHash) {
        return find("keyHash = ?1 and revokedAt is null", keyHash).firstResult();
    }
}
