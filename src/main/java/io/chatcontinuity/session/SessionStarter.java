package io.chatcontinuity.session;

import io.chatcontinuity.app.App;
import io.chatcontinuity.app.IdentityMode;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.problem.ProblemType;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.ChatTokenVerifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * Decides what {@code POST /v1/apps/{appId}/sessions} does with the credentials it was given: resume, start anonymous,
 * or hand identification to the identity feature.
 */
@ApplicationScoped
public class SessionStarter {

    public record Started(SessionGrant grant, boolean created) {}

    private final ChatTokenVerifier verifier;
    private final SessionService sessions;
    private final SessionsConfig config;
    private final Instance<IdentifiedSessions> identified;

    SessionStarter(
            ChatTokenVerifier verifier,
            SessionService sessions,
            SessionsConfig config,
            Instance<IdentifiedSessions> identified) {
        this.verifier = verifier;
        this.sessions = sessions;
        this.config = config;
        this.identified = identified;
    }

    Uni<Started> start(App app, SessionStartRequest request, PresentedToken presented, String client) {
        ChatTokenClaims claims = presented == null ? null : verifier.verify(presented.token());
        if (claims != null && !claims.appId().equals(app.id())) {
            throw ProblemException.unauthorized("The chat token belongs to another app.");
        }
        if (request.identifies()) {
            return identified.get().start(app, request, claims, client).map(grant -> new Started(grant, true));
        }
        if (claims != null) {
            return sessions.resume(app, claims).map(grant -> {
                if (app.settings().identity() == IdentityMode.REQUIRED
                        && !grant.session().authenticated()) {
                    throw new ProblemException(ProblemType.IDENTITY_REQUIRED, "This app requires an identified user.");
                }
                return new Started(grant, false);
            });
        }
        if (app.settings().identity() == IdentityMode.REQUIRED) {
            throw new ProblemException(
                    ProblemType.IDENTITY_REQUIRED,
                    "This app requires an identified user: send a continuityToken or an identityToken.");
        }
        return sessions.startAnonymous(
                        app, "sessions:" + app.id() + ":" + client, config.creationLimit(), config.creationWindow())
                .map(grant -> new Started(grant, true));
    }

    /** The chat token presented to session creation: from {@code Authorization}, or else from the app's cookie. */
    record PresentedToken(String token, boolean viaCookie) {}
}
