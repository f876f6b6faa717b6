package io.chatcontinuity.token;

import io.chatcontinuity.common.Secrets;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Signs chat tokens and analytics tokens with the active key, as compact JWS (RFC 7515) written here directly: every
 * new session signs one, and a general-purpose JWT builder spent more on reading its own configuration and building
 * JSON trees than an HS256 signature costs. The header is fixed per key and the claims are a handful of ids we made,
 * so there is nothing to gain from a builder; the tokens are checked by jose4j in {@link ChatTokenVerifier} like any
 * other.
 */
@ApplicationScoped
public class ChatTokenIssuer {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ChatTokenKeys keys;
    private final String issuer;
    /** Signature and Mac objects are not thread-safe; each event-loop thread keeps one for the active key. */
    private final ThreadLocal<Signer> signers = new ThreadLocal<>();

    ChatTokenIssuer(ChatTokenKeys keys, TokenConfig config) {
        this.keys = keys;
        this.issuer = json(config.issuer());
    }

    public IssuedToken issue(String appId, String visitorId, String sessionId, TokenType type, Duration lifetime) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        String claims = "{\"iss\":" + issuer + ",\"aud\":" + json(appId) + ",\"sub\":" + json(visitorId)
                + ",\"sid\":" + json(sessionId) + ",\"typ\":\"" + type.claim() + "\",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + expiresAt.getEpochSecond() + ",\"jti\":\"" + Secrets.randomToken(12) + "\"}";
        Signer signer = signer();
        String signingInput = signer.encodedHeader + "." + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        return new IssuedToken(signingInput + "." + BASE64URL.encodeToString(signer.sign(signingInput)), expiresAt);
    }

    private Signer signer() {
        SigningKey key = keys.active();
        Signer signer = signers.get();
        if (signer == null || signer.key != key) {
            signer = new Signer(key);
            signers.set(signer);
        }
        return signer;
    }

    /** One thread's signing primitive for one key, and that key's encoded JWS header. */
    private static final class Signer {

        final SigningKey key;
        final String encodedHeader;
        private final Signature signature;
        private final Mac mac;

        Signer(SigningKey key) {
            this.key = key;
            this.encodedHeader = BASE64URL.encodeToString(("{\"kid\":" + json(key.kid()) + ",\"typ\":\"JWT\",\"alg\":"
                    + json(key.algorithm()) + "}").getBytes(StandardCharsets.UTF_8));
            try {
                switch (key.algorithm()) {
                    case "ES256" -> {
                        // JWS wants the signature as r || s (IEEE P1363), not DER.
                        signature = Signature.getInstance("SHA256withECDSAinP1363Format");
                        signature.initSign((PrivateKey) key.signingKey());
                        mac = null;
                    }
                    case "HS256" -> {
                        mac = Mac.getInstance("HmacSHA256");
                        mac.init(key.signingKey());
                        signature = null;
                    }
                    default -> throw new IllegalStateException("No signer for " + key.algorithm());
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The active chat-token key cannot sign", e);
            }
        }

        byte[] sign(String signingInput) {
            byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
            try {
                if (mac != null) {
                    return mac.doFinal(input);
                }
                signature.update(input);
                return signature.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not sign a chat token", e);
            }
        }
    }

    /** A JSON string literal. */
    private static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
