package io.chatcontinuity.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chatcontinuity.common.Secrets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ContinuityTokenStrengthTest {

    @Test
    void secureRandomTokensAreAccepted() {
        for (int i = 0; i < 20_000; i++) {
            String token = Secrets.randomToken(17);
            assertNull(ContinuityTokenStrength.weakness(token), token);
        }
        assertNull(ContinuityTokenStrength.weakness(Secrets.randomToken(32)));
        assertNull(ContinuityTokenStrength.weakness(UUID.randomUUID().toString()));
        // Once drawn by the loop above: random letters that happen to be followed by digits.
        assertNull(ContinuityTokenStrength.weakness("nGkROymqLYAgxvzxc167360"));
        // Also drawn once: a random run of five letters in sequence.
        assertNull(ContinuityTokenStrength.weakness("xbh5S9GDTmaq7RQRSTU1qOw"));
    }

    @Test
    void shortTokensAreRefused() {
        assertEquals("is shorter than 22 characters", ContinuityTokenStrength.weakness("user-123"));
        assertEquals("is shorter than 22 characters", ContinuityTokenStrength.weakness("Xq3kP9_wL2mZ8vR4tY6u"));
    }

    @Test
    void emailShapedTokensAreRefused() {
        assertEquals("is shaped like an e-mail address", ContinuityTokenStrength.weakness("jane.doe.1984@example.com"));
        assertEquals(
                "is shaped like an e-mail address", ContinuityTokenStrength.weakness("janedoe1984_at_example_dot_com"));
    }

    @Test
    void charactersOutsideTheAlphabetAreRefused() {
        assertEquals(
                "has characters outside [A-Za-z0-9_-]", ContinuityTokenStrength.weakness("Xq3kP9+wL2mZ8vR4tY6u/Ab="));
        assertEquals(
                "has characters outside [A-Za-z0-9_-]", ContinuityTokenStrength.weakness("Xq3kP9 wL2mZ8vR4tY6uAbCd"));
    }

    @Test
    void allDigitTokensSuchAsTimestampsAreRefused() {
        assertEquals("is all digits", ContinuityTokenStrength.weakness("17632987561234987650012"));
    }

    @Test
    void aNameFollowedByANumberIsRefused() {
        assertEquals(
                "is shaped like a name followed by a number",
                ContinuityTokenStrength.weakness("customer-4829173650192837465"));
        assertEquals(
                "is shaped like a name followed by a number",
                ContinuityTokenStrength.weakness("JohnSmith_19840412000000001"));
    }

    @Test
    void repeatsAndSequencesAreRefused() {
        String weak = "has too little variety (repeats or sequences)";
        assertEquals(weak, ContinuityTokenStrength.weakness("aaaaaaaaaaaaaaaaaaaaaaaa"));
        assertEquals(weak, ContinuityTokenStrength.weakness("abcXYZabcXYZabcXYZabcXYZ"));
        assertEquals(weak, ContinuityTokenStrength.weakness("abcdefghijklmnopqrstuvwxyz"));
        assertEquals(weak, ContinuityTokenStrength.weakness("Zq9_kX2mabcdefgP4tY6uW3n"));
        assertEquals(weak, ContinuityTokenStrength.weakness("ab12ab12ab12ab12ab12ab12"));
    }
}
