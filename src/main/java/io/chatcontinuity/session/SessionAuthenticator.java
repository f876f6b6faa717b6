package io.chatcontinuity.session;

import io.chatcontinuity.app.AppDirectory;
import io.chatcontinuity.app.StorageMode;
import io.chatcontinuity.common.BearerCredentials;
import io.chatcontinuity.common.Cors;
import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.token.ChatTokenClaims;
import io.chatcontinuity.token.ChatTokenVerifier;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Who is calling a {@code /v1/sessions/current} endpoint: the chat token from {@code Authorization}, or, for apps in
 * cookie storage mode, from the app's cookie. A cookie rides along on any request the browser makes, so a
 * cookie-authenticated request that changes something must come from an origin the app allows (CSRF).
 */
@ApplicationScoped
public class SessionAuthenticator {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ChatTokenVerifier verifier;
    private final AppDirectory directory;
    private final SessionResolver sessions;

    SessionAuthenticator(ChatTokenVerifier verifier, AppDirectory directory, SessionResolver sessions) {
        this.verifier = verifier;
        this.directory = directory;
        this.sessions = sessions;
    }

    public Uni<CurrentSession> authenticate(RoutingContext ctx) {
        return authenticate(ctx, false);
    }

    /** As {@link #authenticate(RoutingContext)}, reading the session from Postgres while Redis is down. */
    public Uni<CurrentSession> authenticateEvenWithoutRedis(RoutingContext ctx) {
        return authenticate(ctx, true);
    }

    private Uni<CurrentSession> authenticate(RoutingContext ctx, boolean withoutRedis) {
        String token = BearerCredentials.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        boolean viaCookie = token == null;
        if (viaCookie) {
            token = SessionCookies.readAny(ctx);
        }
        if (token == null) {
            return Uni.createFrom().failure(ProblemException.unauthorized("A chat token is required."));
        }
        ChatTokenClaims claims = verifier.verify(token);
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
            Uni<LiveSession> session =
                    withoutRedis ? sessions.liveEvenWithoutRedis(claims, app) : sessions.live(claims, app);
            return session.map(live -> new CurrentSession(claims, live, app, viaCookie));
        });
    }

    /** The chat token presented to session creation for {@code appId}, or null: header first, then the app's cookie. */
    public static PresentedToken presented(RoutingContext ctx, String appId) {
        String header = BearerCredentials.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (header != null) {
            return new PresentedToken(header, false);
        }
        String cookie = SessionCookies.read(ctx, appId);
        return cookie == null ? null : new PresentedToken(cookie, true);
    }

    public record PresentedToken(String token, boolean viaCookie) {}
}
