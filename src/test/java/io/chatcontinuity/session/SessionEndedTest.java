package io.chatcontinuity.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The notice of an ended session, as instances send it to each other through Redis. */
class SessionEndedTest {

    @Test
    void aPlainEndIsReadBackAsSent() {
        SessionEnded ended = new SessionEnded("ses_1", null, null);

        assertEquals(ended, SessionEnded.decode(ended.encode()));
    }

    @Test
    void anEndForLoginIsReadBackWithItsSuccessor() {
        SessionEnded ended = new SessionEnded("ses_1", "ses_2", "conv_2");

        assertEquals(ended, SessionEnded.decode(ended.encode()));
    }

    @Test
    void partsAddedByANewerBuildAreSkipped() {
        assertEquals(new SessionEnded("ses_1", "ses_2", "conv_2"), SessionEnded.decode("ses_1 ses_2 conv_2 logout 7"));
    }
}
