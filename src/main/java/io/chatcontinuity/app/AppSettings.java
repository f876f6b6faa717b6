package io.chatcontinuity.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.chatcontinuity.common.IsoDurations;
import java.time.Duration;

/** An app's settings, always complete: every field the client left out holds the contract's default. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AppSettings(
        StorageMode storage,
        String cookieDomain,
        boolean persistChatState,
        boolean sessionMerge,
        IdentityMode identity,

        @JsonSerialize(using = IsoDurations.Serializer.class)
        Duration anonymousTokenTtl,

        @JsonSerialize(using = IsoDurations.Serializer.class)
        Duration authenticatedTokenTtl,

        @JsonSerialize(using = IsoDurations.Serializer.class)
        Duration emptySessionTtl,

        @JsonSerialize(using = IsoDurations.Serializer.class)
        Duration triggerSnooze,

        ConsentSettings consent) {

    public static final AppSettings DEFAULTS = new AppSettings(
            StorageMode.LOCAL,
            null,
            false,
            false,
            IdentityMode.OPTIONAL,
            Duration.ofDays(180),
            Duration.ofHours(12),
            Duration.ofMinutes(30),
            Duration.ofHours(24),
            ConsentSettings.DEFAULTS);
}
