package io.chatcontinuity.consent;

import io.chatcontinuity.app.ConsentMode;
import io.chatcontinuity.common.problem.FieldError;
import io.chatcontinuity.common.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/** A consent signal as the widget forwards it: the body of {@code PUT /v1/sessions/current/consent}. */
sealed interface ConsentSignal {

    /** {@code {"analytics": true|false}}, the signal of mode {@code flag}. */
    record Flag(boolean analytics) implements ConsentSignal {}

    /**
     * {@code {"tcString", "gdprApplies"}}, the signal of mode {@code tcf}; no TC string only if the GDPR does not
     * apply.
     */
    record Tcf(String tcString, Boolean gdprApplies) implements ConsentSignal {

        boolean gdprDoesNotApply() {
            return Boolean.FALSE.equals(gdprApplies);
        }
    }

    /** Any signal sent to an app in mode {@code none}: it decides nothing. */
    record Ignored() implements ConsentSignal {}

    /**
     * The signal in the shape the app's mode expects, or {@code /problems/invalid-request} naming every wrong field (a
     * field of the other mode's shape is named as such). The TC string is not bounded here: an over-long one is an
     * invalid TC string, refused (and recorded) before it is decoded; the body limit bounds what is read.
     */
    static ConsentSignal of(ConsentSignalFields body, ConsentMode mode) {
        List<FieldError> errors = new ArrayList<>();
        ConsentSignal signal = switch (mode) {
            case FLAG -> {
                for (String tcfField : otherModeFields(body.tcString(), body.gdprApplies())) {
                    errors.add(new FieldError(
                            tcfField, "is for apps in tcf consent mode; this app takes {\"analytics\": true|false}"));
                }
                if (body.analytics() == null) {
                    errors.add(new FieldError("analytics", "is required: true or false"));
                }
                yield new Flag(Boolean.TRUE.equals(body.analytics()));
            }
            case TCF -> {
                if (body.analytics() != null) {
                    errors.add(new FieldError(
                            "analytics",
                            "is for apps in flag consent mode; this app takes {\"tcString\", \"gdprApplies\"}"));
                }
                if (body.tcString() == null && !Boolean.FALSE.equals(body.gdprApplies())) {
                    errors.add(new FieldError("tcString", "is required unless gdprApplies is false"));
                }
                yield new Tcf(body.tcString(), body.gdprApplies());
            }
            case NONE -> new Ignored();
        };
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return signal;
    }

    private static List<String> otherModeFields(String tcString, Boolean gdprApplies) {
        List<String> present = new ArrayList<>();
        if (tcString != null) {
            present.add("tcString");
        }
        if (gdprApplies != null) {
            present.add("gdprApplies");
        }
        return present;
    }
}
