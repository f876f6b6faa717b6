package io.chatcontinuity.token;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "chat.token")
public interface TokenConfig {

    /** {@code CHAT_TOKEN_KEYS}: a JWK Set of ES256 (EC P-256) and HS256 (oct) signing keys, each with kid and alg. */
    Optional<String> keys();

    /** The same JWK Set read from a file or, failing that, a classpath resource (used by the tests' keys). */
    Optional<String> keysLocation();

    /** {@code CHAT_TOKEN_ACTIVE_KID}: the key that signs new tokens; every key in the set verifies. */
    Optional<String> activeKid();

    @WithDefault("chat-continuity")
    String issuer();

    /** Clock skew tolerated between instances and clients when checking {@code exp} and {@code iat}. */
    @WithDefault("30s")
    Duration clockSkew();

    /** How many verified tokens are remembered, so that a token's signature is checked once, not on every request. */
    @WithDefault("100000")
    int verifiedCacheSize();
}
