package io.chatcontinuity.token;

import java.security.Key;

/**
 * One key of the set: its kid, the single algorithm it is pinned to, the key that verifies and, where the set holds
 * it, the key that signs.
 */
record SigningKey(String kid, String algorithm, Key verificationKey, Key signingKey) {

    boolean canSign() {
        return signingKey != null;
    }
}
