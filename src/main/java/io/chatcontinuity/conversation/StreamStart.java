package io.chatcontinuity.conversation;

import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.security.CurrentCaller;
import io.chatcontinuity.session.VisitorSession;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.Priorities;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What an event stream needs before its response begins: once it has started, its status is sent and a refusal could
 * no longer be answered as a problem. A draining instance refuses it (before the caller is authenticated); where a
 * stream without {@code Last-Event-ID} starts (after the conversation's last message) is read after the caller is
 * authenticated and before the client can see the response, so that anything committed after the client saw it open
 * is sent.
 */
public class StreamStart {

    /** Marks an event-stream endpoint; it reads where to start with {@link #lastSeq()}. */
    @NameBinding
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Required {}

    /**
     * Where {@link #readLastSeq} leaves the conversation's last sequence number for the endpoint: in the request's own
     * (duplicated) Vert.x context rather than in a request-scoped bean, which would cost the request context a bean
     * instance, its handle and its lock for as long as the stream is open, and a client-proxy lookup per call.
     */
    private static final String LAST_SEQ = StreamStart.class.getName() + ".lastSeq";

    private final LiveMessages live;
    private final ConversationService conversations;
    private final VisitorSession visitor;
    private final CurrentCaller caller;
    private final CurrentIdentityAssociation identities;

    StreamStart(
            LiveMessages live,
            ConversationService conversations,
            VisitorSession visitor,
            CurrentCaller caller,
            CurrentIdentityAssociation identities) {
        this.live = live;
        this.conversations = conversations;
        this.visitor = visitor;
        this.caller = caller;
        this.identities = identities;
    }

    /** The conversation's last sequence number when the stream was asked for; taken once, by the endpoint. */
    static long lastSeq() {
        Long lastSeq = ContextLocals.get(LAST_SEQ, null);
        if (lastSeq == null) {
            throw new IllegalStateException("No stream start was read for this request");
        }
        ContextLocals.remove(LAST_SEQ);
        return lastSeq;
    }

    /** A draining instance answers 503 rather than opening a stream it would close at once: the proxy tries another. */
    @Required
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 1)
    public void refuseWhileDraining() {
        if (live.draining()) {
            throw ProblemException.unavailable();
        }
    }

    @Required
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public Uni<Void> readLastSeq(HttpServerRequest transport) {
        // What an open stream's request keeps for its whole life, trimmed now that the caller is authenticated: the
        // identity association gets the identity itself, in place of the lazy authentication it was handed when the
        // request began (two memoized Unis and five captures of the request's contexts, about 1 KB in a heap dump),
        // and the request's headers lose the token (about 0.5 KB), which nothing reads again.
        identities.setIdentity(caller.identity());
        transport.headers().remove(HttpHeaders.AUTHORIZATION);
        return conversations.lastSeq(visitor.get().session().conversationId()).map(lastSeq -> {
            ContextLocals.put(LAST_SEQ, lastSeq); // answered on the request's own context (Batcher)
            return null;
        });
    }
}
