package io.chatcontinuity.consent;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The consent record in Postgres: appended to, read back by session; the table refuses updates. */
@ApplicationScoped
public class ConsentRecordRepository implements PanacheRepositoryBase<ConsentRecordEntity, Long> {

    /** Appends a decision to the record, in a transaction of its own. */
    @WithTransaction
    public Uni<ConsentRecordEntity> append(ConsentRecordEntity row) {
        return persist(row);
    }

    /** The session's latest decision, or null when it has none. */
    @WithSession
    public Uni<ConsentRecordEntity> latestOfSession(String appId, String sessionId) {
        return find("appId = ?1 and sessionId = ?2 order by id desc", appId, sessionId)
                .firstResult();
    }
}
