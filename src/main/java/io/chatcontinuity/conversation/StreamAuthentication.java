package io.chatcontinuity.conversation;

import io.chatcontinuity.common.ProblemException;
import io.chatcontinuity.session.CurrentSession;
import io.chatcontinuity.session.SessionAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates an event stream before its response begins: once an event stream has started, its status is sent
 * and a refusal could no longer be answered as a 401 problem. Where a stream without {@code Last-Event-ID} starts
 * (after the conversation's last message) is read here too, before the client can see the response, so that anything
 * committed after the client saw it open is sent.
 */
public class StreamAuthentication {

    private static final String CURRENT = StreamAuthentication.class.getName();
    private static final String LAST_SEQ = CURRENT + ".lastSeq";

    /** Marks an endpoint whose chat token is checked by this filter; the endpoint reads the result with {@link #current}. */
    @NameBinding
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Required {}

    private final SessionAuthenticator authenticator;
    private final LiveMessages live;
    private final ConversationService conversations;

    StreamAuthentication(SessionAuthenticator authenticator, LiveMessages live, ConversationService conversations) {
        this.authenticator = authenticator;
        this.live = live;
        this.conversations = conversations;
    }

    /** A draining instance answers 503 rather than opening a stream it would close at once: the proxy tries another. */
    @Required
    @ServerRequestFilter
    public Uni<Void> authenticate(RoutingContext ctx) {
        if (live.draining()) {
            return Uni.createFrom().failure(ProblemException.unavailable());
        }
        return authenticator
                .authenticateEvenWithoutRedis(ctx)
                .invoke(current -> ctx.put(CURRENT, current))
                .chain(current -> conversations.lastSeq(current.session().conversationId()))
                .invoke(lastSeq -> ctx.put(LAST_SEQ, lastSeq))
                .replaceWithVoid();
    }

    static CurrentSession current(RoutingContext ctx) {
        return ctx.get(CURRENT);
    }

    /** The conversation's last sequence number when the stream was asked for. */
    static long lastSeq(RoutingContext ctx) {
        return ctx.get(LAST_SEQ);
    }
}
