package io.chatcontinuity.token;

import io.chatcontinuity.common.Secrets;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtSignatureBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.crypto.SecretKey;

/** Signs chat tokens and analytics tokens with the active key. */
@ApplicationScoped
public class ChatTokenIssuer {

    private final ChatTokenKeys keys;
    private final String issuer;

    ChatTokenIssuer(ChatTokenKeys keys, TokenConfig config) {
        this.keys = keys;
        this.issuer = config.issuer();
    }

    public IssuedToken issue(String appId, String visitorId, String sessionId, TokenType type, Duration lifetime) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        SigningKey key = keys.active();
        JwtSignatureBuilder unsigned = Jwt.issuer(issuer)
                .audience(appId)
                .subject(visitorId)
                .claim("sid", sessionId)
                .claim("typ", type.claim())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim("jti", Secrets.randomToken(12))
                .jws()
                .keyId(key.kid())
                .algorithm(SignatureAlgorithm.fromAlgorithm(key.algorithm()));
        String token = key.signingKey() instanceof PrivateKey privateKey
                ? unsigned.sign(privateKey)
                : unsigned.sign((SecretKey) key.signingKey());
        return new IssuedToken(token, expiresAt);
    }
}
