package io.chatcontinuity.common;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;

/**
 * Migrates the schema at start-up, after {@link RequiredProductionConfig} has checked the secrets, so that a
 * misconfigured instance says what is missing instead of failing on the database first. Runs on the main thread
 * before the service takes traffic, where blocking JDBC is fine.
 */
@Singleton
public class SchemaMigration {

    void migrate(@Observes @Priority(5) StartupEvent start, Flyway flyway) {
        flyway.migrate();
    }
}
