package io.chatcontinuity.token;

import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.support.TestTokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens signed by the issuer, under either kind of active key, verify as the contract's chat tokens. */
class ChatTokenIssuerTest {

    @ParameterizedTest
    @ValueSource(strings = {"test-es256-2026", "test-hs256-2026"})
    void issuedTokensVerifyWithTheContractsClaims(String activeKid) {
        ChatTokenKeys keys = ChatTokenKeys.parse(testKeys(), activeKid);
        TokenConfig config = config("chat-\"continuity\"");
        ChatTokenIssuer issuer = new ChatTokenIssuer(keys, config);
        ChatTokenVerifier verifier = new ChatTokenVerifier(keys, config);
        long before = Instant.now().getEpochSecond();

        IssuedToken issued = issuer.issue("app_1", "vis_2", "ses_3", TokenType.ANONYMOUS, Duration.ofDays(180));
        ChatTokenClaims claims = verifier.verify(issued.token());

        assertEquals("app_1", claims.appId());
        assertEquals("vis_2", claims.visitorId());
        assertEquals("ses_3", claims.sessionId());
        assertEquals(TokenType.ANONYMOUS, claims.type());
        assertEquals(issued.expiresAt(), claims.expiresAt());
        assertTrue(claims.issuedAt().getEpochSecond() >= before);
        assertEquals(activeKid, TestTokens.header(issued.token()).getString("kid"));
        assertEquals(activeKid.contains("es256") ? "ES256" : "HS256", TestTokens.header(issued.token()).getString("alg"));
        assertEquals("chat-\"continuity\"", TestTokens.payload(issued.token()).getString("iss"));
        assertEquals("app_1", TestTokens.payload(issued.token()).getString("aud"));

        String[] parts = issued.token().split("\\.");
        String otherSignature = issuer.issue("app_1", "vis_2", "ses_3", TokenType.ANONYMOUS, Duration.ofDays(1))
                .token().split("\\.")[2];
        assertThrows(ProblemException.class, () -> verifier.verify(parts[0] + "." + parts[1] + "." + otherSignature));
    }

    private static TokenConfig config(String issuer) {
        return new TokenConfig() {
            public Optional<String> keys() {
                return Optional.empty();
            }

            public Optional<String> keysLocation() {
                return Optional.empty();
            }

            public Optional<String> activeKid() {
                return Optional.empty();
            }

            public String issuer() {
                return issuer;
            }

            public Duration clockSkew() {
                return Duration.ofSeconds(30);
            }

            public int verifiedCacheSize() {
                return 100;
            }
        };
    }

    private static String testKeys() {
        try (InputStream in = ChatTokenIssuerTest.class.getResourceAsStream("/test-token-keys.jwks.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
