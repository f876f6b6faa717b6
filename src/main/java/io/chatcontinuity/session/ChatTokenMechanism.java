package io.chatcontinuity.session;

import io.chatcontinuity.common.http.BearerCredentials;
import io.chatcontinuity.common.security.Caller;
import io.chatcontinuity.common.security.CallerMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads the chat token of a visitor's endpoint: from {@code Authorization}, or else from the only chat-token cookie
 * the request carries (apps in cookie storage mode). {@link ChatTokenIdentityProvider} verifies it.
 */
@ApplicationScoped
public class ChatTokenMechanism implements CallerMechanism {

    static final String SCHEME = "chat-token";

    @Override
    public Caller caller() {
        return Caller.VISITOR;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identities) {
        if (!Caller.VISITOR.isExpectedBy(ctx)) {
            return Uni.createFrom().nullItem();
        }
        String token = BearerCredentials.token(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        boolean viaCookie = token == null;
        if (viaCookie) {
            token = SessionCookies.readAny(ctx.request());
        }
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        ChatTokenRequest request = new ChatTokenRequest(token, viaCookie, Caller.evenWithoutRedis(ctx));
        HttpSecurityUtils.setRoutingContextAttribute(request, ctx);
        return identities.authenticate(request);
    }

    /** Refusals are problem details (RFC 9457) without {@code WWW-Authenticate}, answered by the problem mapper. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ChatTokenRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext ctx) {
        return Uni.createFrom()
                .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer", SCHEME));
    }
}
