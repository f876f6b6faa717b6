package io.chatcontinuity.common.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KnownWindowTest {

    private final KnownWindow window = new KnownWindow(1_030_000, 3);

    @Test
    void attemptsAdmittedHereHoldTheirRoomUntilRedisHasCountedThem() {
        assertTrue(window.take(5));
        assertTrue(window.take(5));
        assertFalse(window.take(5));

        window.counted(5);
        window.counted(5);
        assertFalse(window.take(5));
        assertTrue(window.take(6));
    }

    @Test
    void otherInstancesAttemptsArriveWithACountAndTakeTheirRoom() {
        assertTrue(window.take(10));
        window.counted(9); // this attempt and five from elsewhere

        assertTrue(window.take(10));
        assertFalse(window.take(10));
    }

    @Test
    void aGivenBackAttemptFreesItsRoom() {
        window.take(4);
        assertFalse(window.take(4));
        window.release();

        assertTrue(window.take(4));
    }

    @Test
    void aCountAnsweredLateNeverLowersWhatIsKnown() {
        window.take(10);
        window.take(10);
        window.counted(8);
        window.counted(5); // the earlier count of the two, answered second

        assertTrue(window.take(10));
        assertTrue(window.take(10));
        assertFalse(window.take(10));
    }

    @Test
    void aWindowEndsAtItsEnd() {
        assertFalse(window.endedBy(1_029_999));
        assertTrue(window.endedBy(1_030_000));
    }
}
