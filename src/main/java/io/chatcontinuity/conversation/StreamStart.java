package io.chatcontinuity.conversation;

import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.session.VisitorSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.RequestScoped;
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

    /** Marks an event-stream endpoint; it reads where to start with {@link Position}. */
    @NameBinding
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Required {}

    /** The conversation's last sequence number when the stream was asked for. */
    @RequestScoped
    public static class Position {
        private long lastSeq;

        long lastSeq() {
            return lastSeq;
        }

        void set(long lastSeq) {
            this.lastSeq = lastSeq;
        }
    }

    private final LiveMessages live;
    private final ConversationService conversations;
    private final VisitorSession visitor;
    private final Position position;

    StreamStart(LiveMessages live, ConversationService conversations, VisitorSession visitor, Position position) {
        this.live = live;
        this.conversations = conversations;
        this.visitor = visitor;
        this.position = position;
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
    public Uni<Void> readLastSeq() {
        return conversations
                .lastSeq(visitor.get().session().conversationId())
                .invoke(position::set)
                .replaceWithVoid();
    }
}
