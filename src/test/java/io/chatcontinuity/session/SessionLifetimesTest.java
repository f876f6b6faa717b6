package io.chatcontinuity.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.app.AppSettings;
import io.chatcontinuity.token.TokenType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionLifetimesTest {

    private static final AppSettings APP = AppSettings.DEFAULTS; // anonymous 180 d, identified 12 h, empty 30 min
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static LiveSession session(TokenType type, boolean hasMessages) {
        return new LiveSession("ses_1", "app_1", "vis_1", type, "conv_1", false, hasMessages, NOW, null);
    }

    @Test
    void anEmptySessionStaysInRedisForItsIdleTimeOnly() {
        assertEquals(Duration.ofMinutes(30), SessionLifetimes.live(APP, session(TokenType.ANONYMOUS, false)));
        assertEquals(Duration.ofMinutes(30), SessionLifetimes.live(APP, session(TokenType.AUTHENTICATED, false)));
    }

    @Test
    void aSessionWithMessagesStaysAsLongAsItsTokensCanLive() {
        assertEquals(Duration.ofDays(180), SessionLifetimes.live(APP, session(TokenType.ANONYMOUS, true)));
        assertEquals(Duration.ofHours(12), SessionLifetimes.live(APP, session(TokenType.AUTHENTICATED, true)));
    }

    @Test
    void anEndedSessionStaysCachedAFewMinutesLongerThanItsTokens() {
        assertEquals(Duration.ofDays(180).plusMinutes(5), SessionLifetimes.ended(APP, TokenType.ANONYMOUS));
        assertEquals(Duration.ofHours(12).plusMinutes(5), SessionLifetimes.ended(APP, TokenType.AUTHENTICATED));
    }

    @Test
    void theFirstTokenLivesTheAppsLifetimeForItsType() {
        assertEquals(Duration.ofDays(180), SessionLifetimes.firstToken(APP, session(TokenType.ANONYMOUS, false)));
        assertEquals(Duration.ofHours(12), SessionLifetimes.firstToken(APP, session(TokenType.AUTHENTICATED, false)));
    }

    @Test
    void anEmptySessionIsForgottenOnceIdlePastItsIdleTime() {
        assertFalse(SessionLifetimes.idleTooLong(APP, NOW.minus(Duration.ofMinutes(29)), NOW));
        assertTrue(SessionLifetimes.idleTooLong(APP, NOW.minus(Duration.ofMinutes(31)), NOW));
    }
}
