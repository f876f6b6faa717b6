package io.chatcontinuity.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.chatcontinuity.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.time.Instant;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies chat tokens and analytics tokens (the same keys sign both; {@code typ} tells them apart): signature by the
 * key its {@code kid} names in our set and only with that key's pinned
 * algorithm ({@code alg: none}, algorithm confusion and foreign keys are refused), issuer, expiry within the bounded
 * skew, and the claims the contract requires. A verified token is remembered until it expires, keyed by the whole
 * token, so its signature is checked once rather than on every request; revocation is not decided here and is
 * checked on every request by the session feature.
 *
 * <p>jose4j (the library under SmallRye JWT) is used directly because per-key algorithm pinning needs a kid-aware
 * key resolver that the SmallRye parser does not expose.
 */
@ApplicationScoped
public class ChatTokenVerifier {

    /** Far above any token we issue; a longer string is refused before it is parsed. */
    static final int MAX_TOKEN_LENGTH = 4096;

    private final JwtConsumer consumer;
    private final Cache<String, ChatTokenClaims> verified;
    private final long skewMillis;

    ChatTokenVerifier(ChatTokenKeys keys, TokenConfig config) {
        this.skewMillis = config.clockSkew().toMillis();
        int skewSeconds = (int) config.clockSkew().toSeconds();
        this.consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.HMAC_SHA256))
                .setVerificationKeyResolver(new PinnedKeyResolver(keys))
                .setExpectedIssuer(config.issuer())
                .setSkipDefaultAudienceValidation()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setIssuedAtRestrictions(skewSeconds, Integer.MAX_VALUE)
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(skewSeconds)
                .build();
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verifiedCacheSize())
                .expireAfter(new UntilTokenExpiry(skewMillis))
                .build();
    }

    /** A chat token's claims, or {@code /problems/unauthorized}; an analytics token is refused. */
    public ChatTokenClaims verify(String token) {
        if (token == null || token.isEmpty()) {
            throw ProblemException.unauthorized("A chat token is required.");
        }
        ChatTokenClaims claims = claims(token);
        if (!claims.type().isChat()) {
            throw ProblemException.unauthorized("An analytics token is not a chat token.");
        }
        return claims;
    }

    /** An analytics token's claims, or {@code /problems/unauthorized}; a chat token is refused. */
    public ChatTokenClaims verifyAnalytics(String token) {
        if (token == null || token.isEmpty()) {
            throw ProblemException.unauthorized("An analytics token is required in X-Analytics-Token.");
        }
        ChatTokenClaims claims = claims(token);
        if (claims.type() != TokenType.ANALYTICS) {
            throw ProblemException.unauthorized("A chat token is not an analytics token.");
        }
        return claims;
    }

    private ChatTokenClaims claims(String token) {
        ChatTokenClaims known = verified.getIfPresent(token);
        if (known != null) {
            if (Instant.now().toEpochMilli() > known.expiresAt().toEpochMilli() + skewMillis) {
                throw ProblemException.unauthorized("The token has expired.");
            }
            return known;
        }
        ChatTokenClaims claims = parse(token);
        verified.put(token, claims);
        return claims;
    }

    private ChatTokenClaims parse(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw ProblemException.unauthorized("The token is malformed.");
        }
        try {
            JwtClaims claims = consumer.processToClaims(token);
            List<String> audience = claims.getAudience();
            TokenType type = TokenType.fromClaim(claims.getStringClaimValue("typ"));
            String sessionId = claims.getStringClaimValue("sid");
            if (audience.size() != 1 || type == null || sessionId == null) {
                throw ProblemException.unauthorized("The token lacks required claims.");
            }
            return new ChatTokenClaims(
                    audience.get(0),
                    claims.getSubject(),
                    sessionId,
                    type,
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    claims.getJwtId());
        } catch (InvalidJwtException e) {
            throw ProblemException.unauthorized(e.hasExpired() ? "The token has expired." : "The token is invalid.");
        } catch (MalformedClaimException e) {
            throw ProblemException.unauthorized("The token has malformed claims.");
        }
    }

    /** Finds the key by kid in our set and accepts the token only under that key's own algorithm. */
    private record PinnedKeyResolver(ChatTokenKeys keys) implements VerificationKeyResolver {
        @Override
        public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext)
                throws UnresolvableKeyException {
            SigningKey key = keys.find(jws.getKeyIdHeaderValue());
            if (key == null) {
                throw new UnresolvableKeyException("unknown or missing kid");
            }
            if (!key.algorithm().equals(jws.getAlgorithmHeaderValue())) {
                throw new UnresolvableKeyException("alg does not match the key's pinned algorithm");
            }
            return key.verificationKey();
        }
    }

    private record UntilTokenExpiry(long skewMillis) implements Expiry<String, ChatTokenClaims> {
        @Override
        public long expireAfterCreate(String token, ChatTokenClaims claims, long currentTime) {
            long millis = claims.expiresAt().toEpochMilli() + skewMillis - System.currentTimeMillis();
            return Math.max(0, millis) * 1_000_000L;
        }

        @Override
        public long expireAfterUpdate(String token, ChatTokenClaims claims, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(String token, ChatTokenClaims claims, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
