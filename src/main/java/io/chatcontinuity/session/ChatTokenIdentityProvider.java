package io.chatcontinuity.session;

import io.chatcontinuity.app.AppDirectory;
import io.chatcontinuity.app.StorageMode;
import io.chatcontinuity.common.http.Cors;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.CallerFilter;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.ChatTokenVerifier;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
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

    @Override
    public Uni<SecurityIdentity> authenticate(ChatTokenRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom()
                .deferred(() -> currentSession(request, HttpSecurityUtils.getRoutingContextAttribute(request)))
                .map(ChatTokenIdentityProvider::identity)
                .onFailure(ChatTokenIdentityProvider::isRefusal)
                .transform(failure -> CallerFilter.refused((ProblemException) failure));
    }

    private Uni<CurrentSession> currentSession(ChatTokenRequest request, RoutingContext ctx) {
        boolean viaCookie = request.viaCookie();
        ChatTokenClaims claims = verifier.verify(request.token());
        return directory.find(claims.appId()).chain(app -> {
            if (app == null) {
                return Uni.createFrom()
                        .failure(ProblemException.unauthorized("The chat token's app no longer exists."));
            }
            if (viaCookie && app.settings().storage() != StorageMode.COOKIE) {
                return Uni.createFrom()
                        .failure(ProblemException.unauthorized(
                                "This app takes its chat token in the Authorization header."));
            }
            Cors.requireAllowedOrigin(ctx, app::allowsOrigin);
            if (viaCookie && !SAFE.contains(ctx.request().method()) && Cors.origin(ctx) == null) {
                return Uni.createFrom()
                        .failure(ProblemException.forbidden("A cookie-authenticated change needs an allowed Origin."));
            }
            Uni<LiveSession> session = request.evenWithoutRedis()
                    ? sessions.liveEvenWithoutRedis(claims, app)
                    : sessions.live(claims, app);
            return session.map(live -> new CurrentSession(claims, live, app, viaCookie));
        });
    }

    private static SecurityIdentity identity(CurrentSession current) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(current.sessionId()))
                .addRole(Caller.VISITOR.role())
                .addAttribute(CurrentSession.ATTRIBUTE, current)
                .build();
    }

    /** A refused credential (401, 403); any other failure, such as a store outage, is passed on as it is. */
    private static boolean isRefusal(Throwable failure) {
        return failure instanceof ProblemException problem && (problem.status() == 401 || problem.status() == 403);
    }
}
