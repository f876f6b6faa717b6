package io.chatcontinuity.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatcontinuity.common.Secrets;
import org.junit.jupiter.api.Test;

class TextRulesTest {

    @Test
    void nulAndUnpairedSurrogatesAreNeverText() {
        for (String bad : new String[] {"a\u0000b", "\ud800", "a\udbffb", "\udc00", "x\ud83d", "\ude00x"}) {
            assertNotNull(TextRules.lineProblem(bad), bad);
            assertNotNull(TextRules.multilineProblem(bad), bad);
            assertFalse(TextRules.storable(bad), bad);
        }
    }

    @Test
    void messageTextMayHoldNewlineAndTabButNoOtherControlCharacter() {
        assertNull(TextRules.multilineProblem("two\nlines\tand a tab"));
        assertEquals(
                "must not contain control characters other than newline and tab",
                TextRules.multilineProblem("carriage\rreturn"));
        assertNotNull(TextRules.multilineProblem("bell\u0007"));
        assertNotNull(TextRules.multilineProblem("next line\u0085"));
        assertNotNull(TextRules.lineProblem("a\nb"));
        assertNotNull(TextRules.lineProblem("a\tb"));
    }

    @Test
    void fourByteCharactersAndFormatCharactersAreText() {
        for (String good : new String[] {"😀 🎉 👨‍👩‍👧", "\u202eevil\u202c", "e\u0301", "\ufeff", "日本語"}) {
            assertNull(TextRules.lineProblem(good), good);
            assertTrue(TextRules.storable(good), good);
        }
    }

    @Test
    void theServicesOwnIdsHaveTheirShapeAndNothingElseHasIt() {
        for (int i = 0; i < 1_000; i++) {
            assertTrue(IdShapes.isRandomId("app", Secrets.randomId("app")));
        }
        for (String bad : new String[] {
            "app_",
            "app_AAAAAAAAAAAAAAA",
            "app_AAAAAAAAAAAAAAAAA",
            "key_AAAAAAAAAAAAAAAA",
            "app_AAAAAAAAAAAAAAA\u0000",
            "app_AAAAAAAAAAAAAAA/",
            "app-AAAAAAAAAAAAAAAA"
        }) {
            assertFalse(IdShapes.isRandomId("app", bad), bad);
        }
    }

    @Test
    void userIdsAreOneLineOfAtMost200CharactersOfText() {
        assertNull(IdShapes.userIdProblem("user-42@example.com"));
        assertNull(IdShapes.userIdProblem("Zoë 😀"));
        assertNotNull(IdShapes.userIdProblem(""));
        assertNotNull(IdShapes.userIdProblem("u-\ud800"));
        assertNotNull(IdShapes.userIdProblem("u\n"));
        assertNotNull(IdShapes.userIdProblem("u".repeat(201)));
    }
}
