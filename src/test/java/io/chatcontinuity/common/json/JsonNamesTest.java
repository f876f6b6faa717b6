package io.chatcontinuity.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatcontinuity.app.ConsentMode;
import io.chatcontinuity.app.DisclosedVendorsMode;
import io.chatcontinuity.app.IdentityMode;
import io.chatcontinuity.app.StorageMode;
import io.chatcontinuity.consent.AnalyticsConsent;
import io.chatcontinuity.consent.ConsentBasis;
import io.chatcontinuity.conversation.Author;
import io.chatcontinuity.token.TokenType;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<Class<? extends Enum<?>>> NAMED = List.of(
            ConsentMode.class,
            IdentityMode.class,
            StorageMode.class,
            AnalyticsConsent.class,
            ConsentBasis.class,
            DisclosedVendorsMode.class,
            Author.class,
            TokenType.class);

    @Test
    void jacksonAndJsonNamesAgreeOnEveryConstantsName() throws Exception {
        for (Class<? extends Enum<?>> type : NAMED) {
            for (Enum<?> constant : type.getEnumConstants()) {
                String name = JsonNames.of(constant);
                assertEquals("\"" + name + "\"", JSON.writeValueAsString(constant), type + " writes " + constant);
                assertEquals(constant, JSON.readValue("\"" + name + "\"", type), type + " reads " + name);
            }
        }
    }

    @Test
    void namesAreTheContractsKebabCase() {
        assertEquals("cross-domain", JsonNames.of(StorageMode.CROSS_DOMAIN));
        assertEquals(ConsentBasis.GDPR_NOT_APPLICABLE, JsonNames.parse(ConsentBasis.class, "gdpr-not-applicable"));
    }

    @Test
    void anUnknownNameIsNoConstant() {
        assertNull(JsonNames.find(TokenType.class, "admin"));
        assertNull(JsonNames.find(TokenType.class, null));
        assertThrows(IllegalArgumentException.class, () -> JsonNames.parse(Author.class, "system"));
    }
}
