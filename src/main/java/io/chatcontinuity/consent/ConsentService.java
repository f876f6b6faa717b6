package io.chatcontinuity.consent;

import io.chatcontinuity.app.ConsentMode;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.problem.ProblemType;
import io.chatcontinuity.common.validation.TextRules;
import io.chatcontinuity.consent.ConsentDecision.TcfFacts;
import io.chatcontinuity.consent.tcf.InvalidTcStringException;
import io.chatcontinuity.consent.tcf.TcString;
import io.chatcontinuity.consent.tcf.TcStringDecoder;
import io.chatcontinuity.consent.tcf.TcfDecision;
import io.chatcontinuity.consent.tcf.TcfPolicy;
import io.chatcontinuity.session.CurrentSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A session's analytics consent: deciding a signal, and the decision in force.
 *
 * <p>Postgres is the truth (the consent record; a session's latest record is its decision in force) and Redis holds
 * the decision in force for every instance to read on each gated request. A new decision is written in three steps,
 * so that no failure leaves a decision in force that is not recorded:
 * <ol>
 * <li>the session's decision is removed from Redis (if Redis is down, nothing has happened: 503);</li>
 * <li>the record is appended in Postgres (if that fails, nothing was recorded and the next read falls back to the
 * latest record, the previous decision: 503);</li>
 * <li>the decision is put in Redis and only then answered. If this last step fails, the record stands and is in force
 * through the fallback; the request still answers 503, and repeating it appends the same decision again.</li>
 * </ol>
 * Two signals of one session sent at the same moment may leave either in force; the widget sends them in turn.
 */
@ApplicationScoped
public class ConsentService {

    static final String INVALID_TC_STRING = "invalid TC string: ";

    private final ConsentStore store;
    private final ConsentRecordRepository records;

    ConsentService(ConsentStore store, ConsentRecordRepository records) {
        this.store = store;
        this.records = records;
    }

    /** The decision in force now, read from Redis (or, if Redis lost it, from the latest record) on every call. */
    public Uni<ConsentDecision> inForce(CurrentSession current) {
        ConsentPolicy policy = ConsentPolicy.of(current.app().settings().consent());
        if (policy.mode() == ConsentMode.NONE) {
            return Uni.createFrom().item(policy.byDefault());
        }
        return store.find(current.sessionId())
                .chain(cached -> cached != null ? Uni.createFrom().item(cached) : fromRecord(current))
                .map(cached -> cached.inForceUnder(policy));
    }

    private Uni<CachedDecision> fromRecord(CurrentSession current) {
        return records.latestOfSession(current.app().id(), current.sessionId())
                .map(row -> row == null ? CachedDecision.NO_RECORD : cachedOf(row))
                .call(cached -> store.putIfAbsent(current.sessionId(), cached));
    }

    /**
     * Decides the signal in {@code body}, records it and puts it in force. An invalid TC string is decided too (as a
     * denial, recorded with the reason) and then answered as {@code /problems/invalid-tc-string}.
     */
    public Uni<ConsentDecision> decide(CurrentSession current, ConsentSignalFields body) {
        ConsentPolicy policy = ConsentPolicy.of(current.app().settings().consent());
        ConsentSignal signal = ConsentSignal.of(body, policy.mode());
        if (signal instanceof ConsentSignal.Ignored) {
            return Uni.createFrom().item(policy.byDefault());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Decided decided = signal instanceof ConsentSignal.Flag flag
                ? decideFlag(current, policy, flag, now)
                : decideTcf(current, policy, (ConsentSignal.Tcf) signal, now);
        return putInForce(current.sessionId(), policy, decided).map(decision -> {
            if (decided.invalidReason() != null) {
                throw new ProblemException(
                        ProblemType.INVALID_TC_STRING,
                        "The TC string is invalid: " + decided.invalidReason()
                                + ". Analytics is denied until a valid one arrives.");
            }
            return decision;
        });
    }

    private Uni<ConsentDecision> putInForce(String sessionId, ConsentPolicy policy, Decided decided) {
        return store.forget(sessionId)
                .chain(() -> records.append(decided.row()))
                .chain(() -> store.put(sessionId, new CachedDecision(policy.fingerprint(), decided.decision())))
                .replaceWith(decided.decision());
    }

    private record Decided(ConsentDecision decision, ConsentRecordEntity row, String invalidReason) {}

    private static Decided decideFlag(
            CurrentSession current, ConsentPolicy policy, ConsentSignal.Flag flag, Instant now) {
        ConsentDecision decision = flag.analytics()
                ? ConsentDecision.granted(ConsentBasis.FLAG, null, now)
                : ConsentDecision.denied(ConsentBasis.FLAG, List.of(ConsentPolicy.ANALYTICS_REFUSED), null, now);
        return new Decided(decision, row(current, policy, decision, Boolean.toString(flag.analytics()), null), null);
    }

    private static Decided decideTcf(
            CurrentSession current, ConsentPolicy policy, ConsentSignal.Tcf signal, Instant now) {
        String raw = signal.tcString();
        if (signal.gdprDoesNotApply()) {
            ConsentDecision decision = ConsentDecision.granted(ConsentBasis.GDPR_NOT_APPLICABLE, null, now);
            return new Decided(decision, row(current, policy, decision, storable(raw), false), null);
        }
        TcString tc;
        try {
            if (raw.length() > TcStringDecoder.MAX_LENGTH) {
                throw new InvalidTcStringException(
                        "TC string is longer than " + TcStringDecoder.MAX_LENGTH + " characters");
            }
            tc = TcStringDecoder.decode(raw, policy.requirements().vendorId(), Instant.now());
        } catch (InvalidTcStringException e) {
            ConsentDecision decision =
                    ConsentDecision.denied(ConsentBasis.TCF, List.of(INVALID_TC_STRING + e.getMessage()), null, now);
            return new Decided(
                    decision, row(current, policy, decision, storable(raw), signal.gdprApplies()), e.getMessage());
        }
        TcfDecision tcf = TcfPolicy.decide(tc, policy.requirements());
        TcfFacts facts = new TcfFacts(tc.cmpId(), tc.policyVersion(), tc.created(), tc.vendorListVersion());
        ConsentDecision decision = tcf.granted()
                ? ConsentDecision.granted(ConsentBasis.TCF, facts, now)
                : ConsentDecision.denied(ConsentBasis.TCF, tcf.reasons(), facts, now);
        ConsentRecordEntity row = row(current, policy, decision, raw, signal.gdprApplies());
        row.cmpVersion = tc.cmpVersion();
        row.tcLastUpdated = tc.lastUpdated();
        return new Decided(decision, row, null);
    }

    /**
     * The raw input as the record keeps it: as received, except what cannot be a TC string and cannot be stored
     * (over the 8 KiB limit, or holding a control character, NUL or half a surrogate pair, which Postgres would refuse
     * or change); such input is recorded by its reason only.
     */
    private static String storable(String raw) {
        boolean refused =
                raw == null || raw.length() > TcStringDecoder.MAX_LENGTH || TextRules.lineProblem(raw) != null;
        return refused ? null : raw;
    }

    private static ConsentRecordEntity row(
            CurrentSession current,
            ConsentPolicy policy,
            ConsentDecision decision,
            String rawInput,
            Boolean gdprApplies) {
        ConsentRecordEntity row = new ConsentRecordEntity();
        row.appId = current.app().id();
        row.visitorId = current.session().visitorId();
        row.sessionId = current.sessionId();
        row.mode = policy.mode().json();
        row.policy = policy.fingerprint();
        row.rawInput = rawInput;
        row.gdprApplies = gdprApplies;
        row.outcome = decision.analytics().json();
        row.basis = decision.basis().json();
        row.reasons = decision.reasons().toArray(String[]::new);
        if (decision.tcf() != null) {
            row.cmpId = decision.tcf().cmpId();
            row.policyVersion = decision.tcf().policyVersion();
            row.tcCreated = decision.tcf().created();
            row.vendorListVersion = decision.tcf().vendorListVersion();
        }
        row.decidedAt = decision.decidedAt();
        return row;
    }

    private static CachedDecision cachedOf(ConsentRecordEntity row) {
        TcfFacts facts = row.cmpId == null
                ? null
                : new TcfFacts(row.cmpId, row.policyVersion, row.tcCreated, row.vendorListVersion);
        AnalyticsConsent analytics = AnalyticsConsent.GRANTED.json().equals(row.outcome)
                ? AnalyticsConsent.GRANTED
                : AnalyticsConsent.DENIED;
        return new CachedDecision(
                row.policy,
                new ConsentDecision(
                        analytics, ConsentBasis.fromJson(row.basis), List.of(row.reasons), facts, row.decidedAt));
    }

    /** Drops the decisions in force of erased sessions from Redis; their records are erased in Postgres. */
    public Uni<Void> forget(List<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(sessionIds.stream().map(store::forget).toList())
                .usingConcurrencyOf(8)
                .andFailFast()
                .replaceWithVoid();
    }
}
