package io.chatcontinuity.token;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

@Singleton
class ChatTokenKeysProducer {

    @Produces
    @Singleton
    ChatTokenKeys keys(TokenConfig config) {
        return ChatTokenKeys.load(config);
    }

    /** Reads the keys at start-up, so that a broken key set stops the service before it takes traffic. */
    void loadAtStartup(@Observes @Priority(10) StartupEvent start, ChatTokenKeys keys) {
        keys.active();
    }
}
