package io.chatcontinuity.token;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The chat-token key set: every key verifies, the active one signs. Each key is pinned to the one algorithm its
 * {@code alg} names (ES256 on an EC P-256 key, HS256 on a symmetric key of at least 256 bits), and keys are only
 * ever found by {@code kid} in this set, never taken from a token.
 */
public final class ChatTokenKeys {

    private final Map<String, SigningKey> byKid;
    private final SigningKey active;
    private final String publicJwks;

    private ChatTokenKeys(Map<String, SigningKey> byKid, SigningKey active, String publicJwks) {
        this.byKid = byKid;
        this.active = active;
        this.publicJwks = publicJwks;
    }

    /** The keys of the configuration; outside prod, with none configured, a fresh EC key generated for this run. */
    static ChatTokenKeys load(TokenConfig config) {
        String jwks = config.keys()
                .filter(k -> !k.isBlank())
                .orElseGet(() -> config.keysLocation().map(ChatTokenKeys::read).orElse(null));
        if (jwks == null) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("Refusing to start: missing required configuration CHAT_TOKEN_KEYS");
            }
            return generated();
        }
        return parse(jwks, config.activeKid().orElse(null));
    }

    static ChatTokenKeys parse(String jwksJson, String activeKid) {
        JsonWebKeySet set;
        try {
            set = new JsonWebKeySet(jwksJson);
        } catch (JoseException e) {
            throw new IllegalStateException("CHAT_TOKEN_KEYS is not a JWK Set: " + e.getMessage());
        }
        Map<String, SigningKey> keys = new LinkedHashMap<>();
        List<JsonWebKey> publicKeys = new ArrayList<>();
        for (JsonWebKey jwk : set.getJsonWebKeys()) {
            SigningKey key = toSigningKey(jwk);
            if (keys.putIfAbsent(key.kid(), key) != null) {
                throw new IllegalStateException("CHAT_TOKEN_KEYS holds kid " + key.kid() + " twice");
            }
            if (jwk instanceof EllipticCurveJsonWebKey ec) {
                publicKeys.add(publicHalf(ec));
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("CHAT_TOKEN_KEYS holds no key");
        }
        String kid = activeKid != null && !activeKid.isBlank()
                ? activeKid
                : keys.size() == 1 ? keys.keySet().iterator().next() : null;
        if (kid == null) {
            throw new IllegalStateException(
                    "CHAT_TOKEN_ACTIVE_KID must name the signing key when CHAT_TOKEN_KEYS holds several");
        }
        SigningKey active = keys.get(kid);
        if (active == null || !active.canSign()) {
            throw new IllegalStateException(
                    "CHAT_TOKEN_ACTIVE_KID " + kid + " is not a key with a private part in CHAT_TOKEN_KEYS");
        }
        Log.infof("Chat tokens: %d key(s) verify, %s (%s) signs", keys.size(), kid, active.algorithm());
        return new ChatTokenKeys(
                Map.copyOf(keys),
                active,
                new JsonWebKeySet(publicKeys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    private static SigningKey toSigningKey(JsonWebKey jwk) {
        String kid = jwk.getKeyId();
        if (kid == null || kid.isBlank()) {
            throw new IllegalStateException("Every key in CHAT_TOKEN_KEYS needs a kid");
        }
        String alg = jwk.getAlgorithm();
        if (AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256.equals(alg)
                && jwk instanceof EllipticCurveJsonWebKey ec
                && EllipticCurves.P256.equals(ec.getECPublicKey().getParams())) {
            return new SigningKey(kid, alg, ec.getECPublicKey(), ec.getEcPrivateKey());
        }
        if (AlgorithmIdentifiers.HMAC_SHA256.equals(alg)
                && jwk instanceof OctetSequenceJsonWebKey oct
                && oct.getOctetSequence().length >= 32) {
            return new SigningKey(kid, alg, oct.getKey(), oct.getKey());
        }
        throw new IllegalStateException("Key " + kid + " in CHAT_TOKEN_KEYS must be EC P-256 with alg ES256 or "
                + "symmetric (kty oct, at least 256 bits) with alg HS256");
    }

    private static EllipticCurveJsonWebKey publicHalf(EllipticCurveJsonWebKey ec) {
        try {
            EllipticCurveJsonWebKey half = (EllipticCurveJsonWebKey) JsonWebKey.Factory.newJwk(ec.getECPublicKey());
            half.setKeyId(ec.getKeyId());
            half.setAlgorithm(ec.getAlgorithm());
            half.setUse("sig");
            return half;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ChatTokenKeys generated() {
        try {
            EllipticCurveJsonWebKey jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            jwk.setKeyId("generated-" + UUID.randomUUID());
            jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            Log.warnf(
                    "No CHAT_TOKEN_KEYS configured: generated the ES256 key %s for this run only; its tokens stop "
                            + "verifying when the service restarts",
                    jwk.getKeyId());
            return parse(new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE), jwk.getKeyId());
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(String location) {
        try {
            Path path = Path.of(location);
            if (Files.isRegularFile(path)) {
                return Files.readString(path);
            }
            try (InputStream resource =
                    Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
                if (resource == null) {
                    throw new IllegalStateException(
                            "chat.token.keys-location " + location + " is neither a file nor a resource");
                }
                return new String(resource.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SigningKey active() {
        return active;
    }

    SigningKey find(String kid) {
        return kid == null ? null : byKid.get(kid);
    }

    /** The public halves of the asymmetric keys, as a JWK Set; symmetric keys are never published. */
    public String publicJwks() {
        return publicJwks;
    }
}
