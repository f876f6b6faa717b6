package io.chatcontinuity.identity;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ContinuityTokenRepository implements PanacheRepositoryBase<ContinuityTokenEntity, String> {}
