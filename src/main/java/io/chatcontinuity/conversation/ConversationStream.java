package io.chatcontinuity.conversation;

import io.chatcontinuity.session.SessionEnded;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One open event stream: sends the conversation's messages in order, each once. Messages pushed by
 * {@link LiveMessages} go straight out when they are the next in sequence; anything else (a gap, a reconnect, a lost
 * subscription) is read from Postgres, the one place that has every message. All state is guarded by {@code this}:
 * pushes, reads and heartbeats arrive on different threads.
 *
 * <p>A stream is kept small, as an instance holds tens of thousands: no timer of its own ({@link StreamHeartbeats}
 * beats them all), no subscription of its own (its instance subscribes once per conversation).
 */
final class ConversationStream {

    static final int CATCH_UP_BATCH = 100;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    /** What feeds a stream: Postgres for what it missed, its instance's fan-out and heartbeats. */
    interface Feeds {

        /** At most {@code limit} messages of the conversation after {@code afterSeq}, in order. */
        Uni<List<StoredMessage>> after(String conversationId, long afterSeq, int limit);

        /** Pushes the conversation's messages to the stream; answers once they arrive (see {@link LiveMessages}). */
        Uni<Void> register(String conversationId, ConversationStream stream);

        void unregister(String conversationId, ConversationStream stream);

        void stopBeating(ConversationStream stream);
    }

    private final MultiEmitter<? super StreamEvent> emitter;
    private final Feeds feeds;
    private final int beatsPerSafetyCatchUp;
    private int beats;
    private String conversationId;
    private String sessionId;
    private Instant expiresAt;
    private long lastSeq;
    private boolean catchingUp;
    private boolean catchUpAgain;
    private boolean behind;
    /**
     * Read without the lock: {@link #isClosed()} is asked while Vert.x holds the connection's lock, and a thread that
     * holds this stream's lock may wait for that connection's lock to write an event (a lock-order deadlock, seen).
     */
    private volatile boolean closed;

    private Runnable stopWatchingSession = () -> {};
    /** Set by {@link StreamHeartbeats}: which of its slots the stream beats in. */
    int heartbeatSlot;

    /** The instance's feeds, shared by all its streams. */
    static Feeds feeds(MessageRepository messages, LiveMessages live, StreamHeartbeats heartbeats) {
        return new Feeds() {
            @Override
            public Uni<List<StoredMessage>> after(String conversationId, long afterSeq, int limit) {
                return messages.after(conversationId, afterSeq, limit);
            }

            @Override
            public Uni<Void> register(String conversationId, ConversationStream stream) {
                return live.register(conversationId, stream);
            }

            @Override
            public void unregister(String conversationId, ConversationStream stream) {
                live.unregister(conversationId, stream);
            }

            @Override
            public void stopBeating(ConversationStream stream) {
                heartbeats.remove(stream);
            }
        };
    }

    /**
     * A stream that is not started yet: what it is told meanwhile waits for {@link #start}, which decides where it
     * begins.
     */
    ConversationStream(
            MultiEmitter<? super StreamEvent> emitter,
            Feeds feeds,
            String conversationId,
            String sessionId,
            Instant expiresAt,
            int beatsPerSafetyCatchUp) {
        this.emitter = emitter;
        this.beatsPerSafetyCatchUp = beatsPerSafetyCatchUp;
        this.feeds = feeds;
        this.conversationId = conversationId;
        this.sessionId = sessionId;
        this.expiresAt = expiresAt;
        this.lastSeq = -1;
        this.catchingUp = true;
    }

    /**
     * Starts the stream after message {@code startAfter} (the client's last event, or the conversation's last
     * message when it opened), once this instance receives the conversation's messages. {@code conversationLastSeq}
     * was read after that: anything up to it, or pushed meanwhile, is read from Postgres.
     */
    synchronized void start(long startAfter, long conversationLastSeq) {
        if (closed) {
            return;
        }
        lastSeq = startAfter;
        emitter.emit(new StreamEvent.Heartbeat());
        catchingUp = false;
        if (catchUpAgain || conversationLastSeq > lastSeq) {
            catchUpAgain = false;
            catchUp();
        }
    }

    synchronized String sessionId() {
        return sessionId;
    }

    /** The session watch now in place, replacing (and stopping) the previous one. */
    synchronized void sessionWatchStoppedBy(Runnable stopWatchingSession) {
        this.stopWatchingSession.run();
        this.stopWatchingSession = stopWatchingSession;
        if (closed) {
            stopWatchingSession.run();
        }
    }

    /** A message just committed somewhere. */
    synchronized void offer(StoredMessage message) {
        if (closed || !message.conversationId().equals(conversationId) || message.seq() <= lastSeq) {
            return;
        }
        if (!catchingUp && message.seq() == lastSeq + 1) {
            send(message);
            return;
        }
        catchUp();
    }

    /** Reads from Postgres whatever came after the last message sent. */
    synchronized void catchUp() {
        if (closed) {
            return;
        }
        if (catchingUp) {
            catchUpAgain = true;
            return;
        }
        catchingUp = true;
        read(conversationId, lastSeq);
    }

    private void read(String conversation, long after) {
        feeds.after(conversation, after, CATCH_UP_BATCH)
                // A read that never answers must not leave the stream waiting for it for good.
                .ifNoItem()
                .after(READ_TIMEOUT)
                .fail()
                .subscribe()
                .with(found -> caughtUp(conversation, found), this::couldNotCatchUp);
    }

    private synchronized void caughtUp(String conversation, List<StoredMessage> found) {
        if (closed) {
            return;
        }
        if (conversation.equals(conversationId)) {
            found.stream().filter(message -> message.seq() > lastSeq).forEach(this::send);
        }
        if (found.size() == CATCH_UP_BATCH || catchUpAgain || !conversation.equals(conversationId)) {
            catchUpAgain = false;
            read(conversationId, lastSeq);
        } else {
            catchingUp = false;
            behind = false;
        }
    }

    private synchronized void couldNotCatchUp(Throwable failure) {
        Log.debugf(
                "Stream of %s could not catch up (next heartbeat retries): %s", conversationId, failure.getMessage());
        catchingUp = false;
        catchUpAgain = false;
        behind = true;
    }

    /**
     * The heartbeat: a comment that keeps proxies from closing an idle stream, a retry of a failed catch-up, now and
     * then a catch-up in case a message went unannounced, and the end of a stream whose token has expired. Answers
     * whether this beat is one of the rarer safety beats, at which the caller also checks the session.
     */
    synchronized boolean beat() {
        if (closed || lastSeq < 0) {
            return false; // not started: its opening read is under way
        }
        if (Instant.now().isAfter(expiresAt)) {
            end();
            return false;
        }
        emitter.emit(new StreamEvent.Heartbeat());
        beats++;
        boolean safety = beats % beatsPerSafetyCatchUp == 0;
        if (behind || safety) {
            catchUp();
        }
        return safety;
    }

    /** The session ended: the stream ends, or, when the visitor logged in, carries on with the user's conversation. */
    synchronized void sessionEnded(SessionEnded ended) {
        if (ended.sessionId().equals(sessionId)) {
            end();
        }
    }

    /** The visitor logged in: the stream carries on with the identified user's conversation and session. */
    synchronized void follow(SessionEnded ended, long successorLastSeq, Instant successorExpiresAt) {
        if (closed || !ended.sessionId().equals(sessionId)) {
            return;
        }
        feeds.unregister(conversationId, this);
        conversationId = ended.successorConversationId();
        sessionId = ended.successorSessionId();
        expiresAt = successorExpiresAt.isBefore(expiresAt) ? successorExpiresAt : expiresAt;
        lastSeq = successorLastSeq;
        emitter.emit(new StreamEvent.ConversationChanged(conversationId));
        // What the user's conversation receives before this instance gets its channel is read once it does.
        feeds.register(conversationId, this).subscribe().with(subscribed -> catchUp());
    }

    synchronized void end() {
        if (closed) {
            return;
        }
        emitter.emit(new StreamEvent.Ended());
        emitter.complete();
        closed();
    }

    /** The instance is shutting down: the stream closes without an end, so its client reconnects elsewhere. */
    synchronized void release() {
        if (closed) {
            return;
        }
        emitter.complete();
        closed();
    }

    /** The client went away, or the stream ended: stop everything that feeds it. */
    synchronized void closed() {
        if (closed) {
            return;
        }
        closed = true;
        feeds.unregister(conversationId, this);
        feeds.stopBeating(this);
        stopWatchingSession.run();
    }

    boolean isClosed() {
        return closed;
    }

    private void send(StoredMessage message) {
        lastSeq = message.seq();
        emitter.emit(new StreamEvent.MessageArrived(message));
    }
}
