package io.chatcontinuity.consent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The consent decision of a session, as the contract shows it.
 *
 * @param reasons every failed rule; empty when granted
 * @param tcf facts of the TC string the decision was made from; null when none was decoded
 * @param decidedAt when the signal was decided; null while no signal has arrived and the app's default applies
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConsentDecision(
        AnalyticsConsent analytics, ConsentBasis basis, List<String> reasons, TcfFacts tcf, Instant decidedAt) {

    public ConsentDecision {
        reasons = List.copyOf(reasons);
    }

    static ConsentDecision granted(ConsentBasis basis, TcfFacts tcf, Instant decidedAt) {
        return new ConsentDecision(AnalyticsConsent.GRANTED, basis, List.of(), tcf, decidedAt);
    }

    static ConsentDecision denied(ConsentBasis basis, List<String> reasons, TcfFacts tcf, Instant decidedAt) {
        return new ConsentDecision(AnalyticsConsent.DENIED, basis, reasons, tcf, decidedAt);
    }

    @JsonIgnore
    public boolean analyticsGranted() {
        return analytics == AnalyticsConsent.GRANTED;
    }

    /** The facts of a decoded TC string that the decision shows: who made it, under which policy, when. */
    public record TcfFacts(int cmpId, int policyVersion, Instant created, int vendorListVersion) {}
}
