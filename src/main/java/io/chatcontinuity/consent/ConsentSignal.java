package io.chatcontinuity.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatcontinuity.app.ConsentMode;
import io.chatcontinuity.common.JsonFields;
import java.util.Set;

/** A consent signal as the widget forwards it: the body of {@code PUT /v1/sessions/current/consent}. */
sealed interface ConsentSignal {

    /** {@code {"analytics": true|false}}, the signal of mode {@code flag}. */
    record Flag(boolean analytics) implements ConsentSignal {}

    /** {@code {"tcString", "gdprApplies"}}, the signal of mode {@code tcf}; no TC string only if the GDPR does not apply. */
    record Tcf(String tcString, Boolean gdprApplies) implements ConsentSignal {

        boolean gdprDoesNotApply() {
            return Boolean.FALSE.equals(gdprApplies);
        }
    }

    /** Any signal sent to an app in mode {@code none}: it decides nothing. */
    record Ignored() implements ConsentSignal {}

    /** Every field of either shape: a field of the other mode's shape is named as such, not as unknown. */
    Set<String> FIELDS = Set.of("analytics", "tcString", "gdprApplies");

    Set<String> TCF_FIELDS = Set.of("tcString", "gdprApplies");

    /**
     * Reads the body in the shape the app's mode expects, or throws {@code /problems/invalid-request} naming every
     * wrong field. The TC string is not bounded here: an over-long one is an invalid TC string, refused (and recorded)
     * before it is decoded; the body limit bounds what is read.
     */
    static ConsentSignal read(JsonNode body, ConsentMode mode) {
        return switch (mode) {
            case FLAG -> readFlag(body);
            case TCF -> readTcf(body);
            case NONE -> readIgnored(body);
        };
    }

    private static ConsentSignal readFlag(JsonNode body) {
        JsonFields fields = JsonFields.of(body, "", FIELDS);
        for (String tcfField : TCF_FIELDS) {
            if (fields.has(tcfField)) {
                fields.error(tcfField, "is for apps in tcf consent mode; this app takes {\"analytics\": true|false}");
            }
        }
        if (!fields.has("analytics")) {
            fields.error("analytics", "is required: true or false");
        }
        boolean analytics = fields.bool("analytics", false);
        fields.throwIfInvalid();
        return new Flag(analytics);
    }

    private static ConsentSignal readTcf(JsonNode body) {
        JsonFields fields = JsonFields.of(body, "", FIELDS);
        if (fields.has("analytics")) {
            fields.error(
                    "analytics", "is for apps in flag consent mode; this app takes {\"tcString\", \"gdprApplies\"}");
        }
        Boolean gdprApplies = fields.has("gdprApplies") ? fields.bool("gdprApplies", true) : null;
        String tcString = fields.undecodedText("tcString", null, Integer.MAX_VALUE);
        if (tcString == null && !Boolean.FALSE.equals(gdprApplies) && !fields.has("tcString")) {
            fields.error("tcString", "is required unless gdprApplies is false");
        }
        fields.throwIfInvalid();
        return new Tcf(tcString, gdprApplies);
    }

    private static ConsentSignal readIgnored(JsonNode body) {
        JsonFields fields = JsonFields.of(body, "", FIELDS);
        fields.bool("analytics", false);
        fields.bool("gdprApplies", false);
        fields.undecodedText("tcString", null, Integer.MAX_VALUE);
        fields.throwIfInvalid();
        return new Ignored();
    }
}
