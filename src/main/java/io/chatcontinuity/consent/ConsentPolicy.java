package io.chatcontinuity.consent;

import io.chatcontinuity.app.ConsentMode;
import io.chatcontinuity.app.ConsentSettings;
import io.chatcontinuity.consent.tcf.TcfRequirements;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an app's consent settings require, with a fingerprint that every decision is stored under. A decision made
 * under other requirements (the app changed its mode, vendor id, purposes or disclosure rule since) is no longer in
 * force: the app's default applies until a new signal is decided.
 *
 * @param requirements what a TC string must grant; null unless the mode is {@code tcf}
 */
record ConsentPolicy(ConsentMode mode, boolean analyticsDefault, TcfRequirements requirements, String fingerprint) {

    static final String NO_SIGNAL_YET = "no consent signal yet";
    static final String NO_TC_STRING_YET = "no TC string yet";
    static final String ANALYTICS_REFUSED = "analytics not consented";

    static ConsentPolicy of(ConsentSettings settings) {
        return switch (settings.mode()) {
            case NONE -> new ConsentPolicy(ConsentMode.NONE, true, null, "none");
            case FLAG -> new ConsentPolicy(ConsentMode.FLAG, settings.analyticsDefault(), null, "flag");
            case TCF -> {
                TcfRequirements requirements = new TcfRequirements(
                        settings.vendorId(),
                        settings.purposes(),
                        settings.legitimateInterestPurposes(),
                        settings.disclosedVendors());
                yield new ConsentPolicy(
                        ConsentMode.TCF,
                        false,
                        requirements,
                        "tcf vendor=" + requirements.vendorId()
                                + " purposes=" + joined(requirements.purposes())
                                + " li=" + joined(requirements.legitimateInterestPurposes())
                                + " disclosed="
                                + requirements.disclosedVendors().json());
            }
        };
    }

    /** The decision in force while no signal has been decided under this policy. */
    ConsentDecision byDefault() {
        return switch (mode) {
            case NONE -> ConsentDecision.granted(ConsentBasis.NOT_MANAGED, null, null);
            case FLAG ->
                analyticsDefault
                        ? ConsentDecision.granted(ConsentBasis.FLAG, null, null)
                        : ConsentDecision.denied(ConsentBasis.FLAG, List.of(NO_SIGNAL_YET), null, null);
            case TCF -> ConsentDecision.denied(ConsentBasis.TCF, List.of(NO_TC_STRING_YET), null, null);
        };
    }

    private static String joined(List<Integer> purposes) {
        return purposes.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
