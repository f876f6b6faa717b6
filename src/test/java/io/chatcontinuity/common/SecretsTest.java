package io.chatcontinuity.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void timeOrderedIdsSortByCreationTime() {
        Instant earlier = Instant.parse("2026-11-21T10:00:00.999Z");
        String first = Secrets.timeOrderedId("msg", earlier);
        String second = Secrets.timeOrderedId("msg", earlier.plusMillis(1));
        String muchLater = Secrets.timeOrderedId("msg", Instant.parse("2099-01-01T00:00:00Z"));
        assertTrue(first.compareTo(second) < 0);
        assertTrue(second.compareTo(muchLater) < 0);
    }

    @Test
    void timeOrderedIdsCarryTheirPrefixTheTimeAndNinetySixRandomBits() {
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        String id = Secrets.timeOrderedId("msg", at);
        assertTrue(id.startsWith("msg_01a1fd8c6900"), id); // 1795255200000 ms, zero-padded to 12 hex digits
        assertEquals(4 + 12 + 16, id.length());
        assertNotEquals(id, Secrets.timeOrderedId("msg", at), "ids made in the same millisecond differ");
    }
}
