package io.chatcontinuity.conversation;

import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.session.CurrentSession;
import io.chatcontinuity.session.SessionAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.NameBinding;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Authenticates an event stream before its response begins: once an event stream has started, its status is sent
 * and a refusal could no longer be answered as a 401 problem.
 */
public class StreamAuthentication {

    private static final String CURRENT = StreamAuthentication.class.getName();

    /** Marks an endpoint whose chat token is checked by this filter; the endpoint reads the result with {@link #current}. */
    @NameBinding
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Required {
    }

    private final SessionAuthenticator authenticator;
    private final LiveMessages live;

    StreamAuthentication(SessionAuthenticator authenticator, LiveMessages live) {
        this.authenticator = authenticator;
        this.live = live;
    }

    /** A draining instance answers 503 rather than opening a stream it would close at once: the proxy tries another. */
    @Required
    @ServerRequestFilter
    public Uni<Void> authenticate(RoutingContext ctx) {
        if (live.draining()) {
            return Uni.createFrom().failure(ProblemException.unavailable());
        }
        return authenticator.authenticateEvenWithoutRedis(ctx).invoke(current -> ctx.put(CURRENT, current))
                .replaceWithVoid();
    }

    static CurrentSession current(RoutingContext ctx) {
        return ctx.get(CURRENT);
    }
}
