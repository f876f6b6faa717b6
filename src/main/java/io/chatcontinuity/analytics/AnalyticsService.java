package io.chatcontinuity.analytics;

import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.problem.ProblemType;
import io.chatcontinuity.consent.ConsentDecision;
import io.chatcontinuity.consent.ConsentService;
import io.chatcontinuity.session.CurrentSession;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.ChatTokenIssuer;
import io.chatcontinuity.token.ChatTokenVerifier;
import io.chatcontinuity.token.IssuedToken;
import io.chatcontinuity.token.TokenType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Analytics, gated by consent: a token and stored events only while the session's decision in force grants analytics.
 * The decision is read afresh for every request, so a withdrawal stops the very next write, even one carrying an
 * analytics token that has not expired.
 */
@ApplicationScoped
public class AnalyticsService {

    private final ConsentService consent;
    private final ChatTokenIssuer issuer;
    private final ChatTokenVerifier verifier;
    private final AnalyticsEventRepository events;
    private final AnalyticsConfig config;

    AnalyticsService(
            ConsentService consent,
            ChatTokenIssuer issuer,
            ChatTokenVerifier verifier,
            AnalyticsEventRepository events,
            AnalyticsConfig config) {
        this.consent = consent;
        this.issuer = issuer;
        this.verifier = verifier;
        this.events = events;
        this.config = config;
    }

    /** How long an analytics token lives: what the consent tool shows as the duration of its storage item. */
    public Duration tokenLifetime() {
        return config.tokenTtl();
    }

    /** An analytics token for the session: signed like a chat token, but of type {@code analytics}. */
    public Uni<IssuedToken> issueToken(CurrentSession current) {
        return consent.inForce(current).map(decision -> {
            requireGranted(decision);
            return issuer.issue(
                    current.app().id(),
                    current.session().visitorId(),
                    current.sessionId(),
                    TokenType.ANALYTICS,
                    config.tokenTtl());
        });
    }

    /** Stores the events of {@code body}, all or none; answers how many. */
    public Uni<Integer> record(CurrentSession current, String analyticsToken, AnalyticsBatch body) {
        ChatTokenClaims claims = verifier.verifyAnalytics(analyticsToken);
        if (!claims.sessionId().equals(current.sessionId())
                || !claims.appId().equals(current.app().id())
                || !claims.visitorId().equals(current.session().visitorId())) {
            throw ProblemException.forbidden("The analytics token belongs to another session.");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<AnalyticsEvent> batch = AnalyticsEvent.of(body);
        return consent.inForce(current).chain(decision -> {
            requireGranted(decision);
            return events.insertAll(current.app().id(), current.session().visitorId(), current.sessionId(), batch, now);
        });
    }

    private static void requireGranted(ConsentDecision decision) {
        if (!decision.analyticsGranted()) {
            throw new ProblemException(
                    ProblemType.CONSENT_REQUIRED,
                    "Analytics needs the visitor's consent (" + String.join("; ", decision.reasons()) + ").");
        }
    }
}
