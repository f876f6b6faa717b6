package io.chatcontinuity.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link VisitorMessage#plainlyValid} skips Bean Validation for the busiest request, so it must say valid exactly
 * when the record's constraints find nothing wrong: checked here on edge cases and on random strings.
 */
class VisitorMessageTest {

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
    void agreesWithTheConstraintsOnEdgeCases() {
        List<String> ids = new ArrayList<>(List.of(
                "m-1",
                "A.b_c:d-9",
                "",
                " ",
                "a b",
                "a/b",
                "é",
                "a\n",
                "\u0660",
                "ａ",
                "a".repeat(100),
                "a".repeat(101)));
        ids.add(null);
        List<String> texts = new ArrayList<>(List.of(
                "Hello!",
                "",
                " ",
                "\n\t",
                "two\nlines\tand 😀",
                "a\u0000b",
                "a\ud800b",
                "a\udc00b",
                "bell\u0007",
                "carriage\rreturn",
                "delete\u007f",
                "\u0085next line",
                "\u00a0",
                "\u2028",
                "x".repeat(4000),
                "x".repeat(4001),
                "😀".repeat(4000),
                "😀".repeat(4001),
                "é".repeat(8001)));
        texts.add(null);
        for (String id : ids) {
            for (String text : texts) {
                agree(new VisitorMessage(id, text));
            }
        }
    }

    @Test
    void agreesWithTheConstraintsOnRandomStrings() {
        Random random = new Random(18);
        char[] alphabet =
                "aZ09._:-/ \n\t\r\u0000\u0007\u007f\u0085\u00a0\u2028éａ\ud83d\ude00\ud800\udc00".toCharArray();
        for (int i = 0; i < 20_000; i++) {
            agree(new VisitorMessage(randomString(random, alphabet, 6), randomString(random, alphabet, 6)));
        }
    }

    private static String randomString(Random random, char[] alphabet, int maxLength) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            s.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }

    private static void agree(VisitorMessage body) {
        assertEquals(validator.validate(body).isEmpty(), body.plainlyValid(), () -> "for " + body);
    }
}
