package io.chatcontinuity.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reusable constraints answer with the words of the rules they stand for ({@link TextRules}, {@link IdShapes}). */
class TextAndIdConstraintsTest {

    record Named(
            @SafeText String name,
            @SafeText(multiline = true) String note,
            @IdShape("userId") String userId) {}

    record Linked(@IdShape("conversationId") String conversationId) {}

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void start() {
        factory = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void absentValuesPassForNotNullToDecide() {
        assertEquals(Set.of(), problems(new Named(null, null, null)));
    }

    @Test
    void oneLineTextRefusesControlCharactersAndBrokenUnicode() {
        assertEquals(Set.of("name: must not contain control characters"), problems(new Named("a\nb", null, null)));
        assertEquals(Set.of("name: must not contain NUL characters"), problems(new Named("a\0", null, null)));
        assertEquals(
                Set.of("name: must not contain unpaired surrogates (it is not valid Unicode text)"),
                problems(new Named("a\ud800", null, null)));
    }

    @Test
    void multilineTextAllowsNewlineAndTabOnly() {
        assertEquals(Set.of(), problems(new Named(null, "one\n\ttwo", null)));
        assertEquals(
                Set.of("note: must not contain control characters other than newline and tab"),
                problems(new Named(null, "bell\u0007", null)));
    }

    @Test
    void userIdsFollowTheUserIdRule() {
        assertEquals(Set.of(), problems(new Named(null, null, "user-8431")));
        assertEquals(Set.of("userId: is required"), problems(new Named(null, null, "  ")));
        assertEquals(
                Set.of("userId: must be at most " + IdShapes.MAX_USER_ID_LENGTH + " characters"),
                problems(new Named(null, null, "u".repeat(IdShapes.MAX_USER_ID_LENGTH + 1))));
    }

    @Test
    void serviceIdsMustHaveTheShapeTheServiceGivesThem() {
        assertEquals(Set.of(), problems(new Linked("conv_AAAAAAAAAAAAAAAA")));
        assertEquals(Set.of("conversationId: is not an id of that kind"), problems(new Linked("conv_short")));
    }

    @Test
    void ruleWordsAreNotReadAsMessageTemplates() {
        // A rule's message holding braces is reported as it is, never interpolated.
        assertEquals(Set.of("name: must not contain control characters"), problems(new Named("{x}\u0001", null, null)));
    }

    private static Set<String> problems(Object bean) {
        Set<String> problems = new TreeSet<>();
        for (ConstraintViolation<Object> violation : validator.validate(bean)) {
            problems.add(violation.getPropertyPath() + ": " + violation.getMessage());
        }
        return problems;
    }
}
