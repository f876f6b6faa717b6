package io.chatcontinuity.session;

import io.chatcontinuity.app.AppDirectory;
import io.chatcontinuity.app.StorageMode;
import io.chatcontinuity.common.http.Cors;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.CallerFilter;
import io.chatcontinuity.common.security.CallerIdentity;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.ChatTokenVerifier;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Verifies a chat token ({@link ChatTokenVerifier}: signature, key, audience, expiry) and finds its live session,
 * which decides revocation. The identity carries the {@link CurrentSession}. A cookie rides along on any request the
 * browser makes, so a cookie-authenticated request that changes something must come from an origin the app allows
 * (CSRF).
 */
@ApplicationScoped
public class ChatTokenIdentityProvider implements IdentityProvider<ChatTokenRequest> {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ChatTokenVerifier verifier;
    private final AppDirectory directory;
    private final SessionResolver sessions;

    ChatTokenIdentityProvider(ChatTokenVerifier verifier, AppDirectory directory, SessionResolver sessions) {
        this.verifier = verifier;
        this.directory = directory;
        this.sessions = sessions;
    }

    @Override
    public Class<ChatTokenRequest> getRequestType() {
        return ChatTokenRequest.class;
    }

    /**
     * Three Mutiny operators where a session is found on this instance (find, chain, the answer), as few as the
     * checks allow: each one is an allocation and a subscription on every resume.
     */
    @Override
    public Uni<SecurityIdentity> authenticate(ChatTokenRequest request, AuthenticationRequestContext context) {
        RoutingContext ctx = HttpSecurityUtils.getRoutingContextAttribute(request);
        boolean viaCookie = request.viaCookie();
        ChatTokenClaims claims;
        try {
            claims = verifier.verify(request.token());
        } catch (RuntimeException failure) {
            return failed(failure);
        }
        return directory.find(claims.appId()).chain(app -> {
            try {
                if (app == null) {
                    throw ProblemException.unauthorized("The chat token's app no longer exists.");
                }
                if (viaCookie && app.settings().storage() != StorageMode.COOKIE) {
                    throw ProblemException.unauthorized("This app takes its chat token in the Authorization header.");
                }
                Cors.requireAllowedOrigin(ctx, app::allowsOrigin);
                if (viaCookie && !SAFE.contains(ctx.request().method()) && Cors.origin(ctx) == null) {
                    throw ProblemException.forbidden("A cookie-authenticated change needs an allowed Origin.");
                }
            } catch (RuntimeException failure) {
                return failed(failure);
            }
            Uni<LiveSession> session = request.evenWithoutRedis()
                    ? sessions.liveEvenWithoutRedis(claims, app)
                    : sessions.live(claims, app);
            return session.onItemOrFailure()
                    .transformToUni((live, failure) -> failure == null
                            ? Uni.createFrom().item(identity(new CurrentSession(claims, live, app, viaCookie)))
                            : failed(failure));
        });
    }

    /** A refused credential (401, 403) as Quarkus Security's refusal; any other failure (a store outage) as it is. */
    private static Uni<SecurityIdentity> failed(Throwable failure) {
        return Uni.createFrom()
                .failure(isRefusal(failure) ? CallerFilter.refused((ProblemException) failure) : failure);
    }

    private static SecurityIdentity identity(CurrentSession current) {
        return CallerIdentity.of(current.sessionId(), Caller.VISITOR, CurrentSession.ATTRIBUTE, current);
    }

    private static boolean isRefusal(Throwable failure) {
        return failure instanceof ProblemException problem && (problem.status() == 401 || problem.status() == 403);
    }
}
