package io.chatcontinuity.support;

import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;
import java.util.function.Consumer;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;

/** Forges chat tokens with the test keys in src/test/resources, as an attacker or a rotated key would. */
public final class TestTokens {

    public static final String ACTIVE_KID = "test-es256-2026";
    public static final String OLD_KID = "test-es256-2025";
    public static final String HS_KID = "test-hs256-2026";

    private static final JsonWebKeySet KEYS = load();

    private TestTokens() {}

    /** Claims copied from a real token, changed by {@code change}, signed by {@code kid}'s key under {@code alg}. */
    public static String resign(String realToken, String kid, String alg, Consumer<JwtClaims> change) {
        try {
            JwtClaims claims = JwtClaims.parse(payloadJson(realToken));
            change.accept(claims);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKeyIdHeaderValue(kid);
            jws.setAlgorithmHeaderValue(alg);
            jws.setKey(signingKey(kid));
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with the EC key's public coordinates as the HMAC secret: the classic algorithm-confusion forgery. */
    public static String hs256UnderEcKid(String realToken) {
        try {
            EllipticCurveJsonWebKey ec = (EllipticCurveJsonWebKey) KEYS.findJsonWebKey(ACTIVE_KID, null, null, null);
            byte[] publicBytes =
                    ec.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(payloadJson(realToken));
            jws.setKeyIdHeaderValue(ACTIVE_KID);
            jws.setAlgorithmHeaderValue("HS256");
            jws.setKey(new HmacKey(publicBytes));
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same claims with {@code alg: none} and no signature. */
    public static String unsigned(String realToken) {
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"alg\":\"none\",\"kid\":\"" + ACTIVE_KID + "\"}").getBytes(StandardCharsets.UTF_8));
        return header + "." + realToken.split("\\.")[1] + ".";
    }

    public static JsonPath header(String token) {
        return new JsonPath(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
    }

    public static JsonPath payload(String token) {
        return new JsonPath(payloadJson(token));
    }

    private static String payloadJson(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static Key signingKey(String kid) throws Exception {
        JsonWebKey jwk = KEYS.findJsonWebKey(kid, null, null, null);
        return jwk instanceof EllipticCurveJsonWebKey ec ? ec.getPrivateKey() : jwk.getKey();
    }

    private static JsonWebKeySet load() {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream("test-token-keys.jwks.json")) {
            return new JsonWebKeySet(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
