package io.chatcontinuity.app;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

@ConfigMapping(prefix = "chat.admin")
public interface AdminConfig {

    /** The operator API's bearer token ({@code CHAT_ADMIN_TOKEN}); required in prod. */
    Optional<String> token();
}
