package io.chatcontinuity.conversation;

import io.chatcontinuity.app.App;
import io.chatcontinuity.common.Batcher;
import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.common.problem.ProblemType;
import io.chatcontinuity.common.problem.StoreFailures;
import io.chatcontinuity.common.redis.RateLimiter;
import io.chatcontinuity.session.CurrentSession;
import io.chatcontinuity.session.LiveSession;
import io.chatcontinuity.session.SessionEndings;
import io.chatcontinuity.session.SessionService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * Conversations: messages posted by visitors and by the brand, read back page by page, and streamed live to every
 * open widget of the conversation on any instance. A 2xx on a post means the message is committed in Postgres;
 * everything after that (fan-out, session bookkeeping) is best effort, and streams repair any gap from Postgres.
 */
@ApplicationScoped
public class ConversationService {

    public static final int MAX_PAGE = 100;

    /** A posted message, and whether this request wrote it (201) or found it already written by a retry (200). */
    public record Posted(Message message, boolean created) {}

    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final LiveMessages live;
    private final SessionService sessions;
    private final SessionEndings endings;
    private final RateLimiter rateLimiter;
    private final ConversationsConfig config;
    private final StreamHeartbeats heartbeats;
    /**
     * Where opening streams start: the conversations' last sequence numbers, read together for the streams that
     * open while a read is on its way (a reconnect storm opens thousands a second).
     */
    private final Batcher<String, Long> starts;

    private final ConversationStream.Feeds feeds;

    ConversationService(
            MessageRepository messages,
            ConversationRepository conversations,
            LiveMessages live,
            SessionService sessions,
            SessionEndings endings,
            RateLimiter rateLimiter,
            ConversationsConfig config,
            StreamHeartbeats heartbeats) {
        this.messages = messages;
        this.conversations = conversations;
        this.live = live;
        this.sessions = sessions;
        this.endings = endings;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.heartbeats = heartbeats;
        this.starts = new Batcher<>(256, 2, Duration.ofSeconds(10), failure -> false, conversations::lastSeqs);
        this.feeds = ConversationStream.feeds(messages, live, heartbeats);
    }

    /**
     * A visitor's message to the session's conversation. The busiest request of the service, so it is put together
     * from as few operators as it needs: each one cost a capture and a restore of the request's contexts until context
     * propagation was turned off for Mutiny (application.properties), and is still an allocation and a subscription.
     */
    public Uni<Posted> postAsVisitor(CurrentSession current, MessageDraft draft, String clientAddress) {
        LiveSession session = current.session();
        Conversation conversation =
                new Conversation(session.conversationId(), current.app().id(), session.visitorId());
        LiveSession firstOfSession = session.hasMessages() ? null : session;
        Uni<Posted> posted = withinPostLimits(current, clientAddress, () -> post(conversation, draft, firstOfSession));
        if (firstOfSession == null) {
            return posted;
        }
        return posted.call(written -> written.created()
                ? sessions.keepForGood(session, current.app().settings())
                : Uni.createFrom().voidItem());
    }

    /** An agent's or bot's message to a conversation of {@code app}; 404 for any conversation of another app. */
    public Uni<Posted> postAsBrand(App app, String conversationId, MessageDraft draft) {
        return conversationOf(app, conversationId).chain(conversation -> post(conversation, draft, null));
    }

    /**
     * Moves an anonymous conversation's messages to the end of a user's, in one transaction; answers how many moved.
     * Nothing can be written to the anonymous conversation afterwards.
     */
    public Uni<Integer> merge(Conversation anonymous, Conversation user) {
        if (anonymous.id().equals(user.id())) {
            return Uni.createFrom().item(0);
        }
        return messages.merge(anonymous, user, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .invoke(moved -> Log.debugf("Merged %d messages of %s into %s", moved, anonymous.id(), user.id()));
    }

    /** Newest first, below the cursor; a page never skips or repeats a message, however many arrive meanwhile. */
    public Uni<MessagePage> history(CurrentSession current, String before, int limit) {
        String conversationId = current.session().conversationId();
        long beforeSeq = MessageCursor.before(before, conversationId);
        return messages.before(conversationId, beforeSeq, limit + 1).map(found -> {
            List<StoredMessage> page = found.size() > limit ? found.subList(0, limit) : found;
            String next = found.size() > limit
                    ? MessageCursor.after(
                            conversationId, page.get(page.size() - 1).seq())
                    : null;
            return new MessagePage(page.stream().map(StoredMessage::message).toList(), next);
        });
    }

    /**
     * The conversation's last sequence number, 0 before its first message; read together with those of the other
     * streams opening meanwhile.
     */
    Uni<Long> lastSeq(String conversationId) {
        return starts.submit(conversationId);
    }

    /**
     * Feeds {@code emitter} the session's conversation as it happens, after message {@code startAfter}: the
     * {@code seq} of the last message the client saw (what it missed is replayed from Postgres first), or the
     * conversation's last message when the client asked. Ends when the emitter terminates.
     *
     * <p>Opening a stream costs Redis nothing when this instance already holds the conversation's channel, and a share
     * of one {@code SUBSCRIBE} otherwise; Postgres answers where it starts with indexed reads of the conversation row,
     * each shared by the streams that open meanwhile. A reconnect storm waits in those queues rather than being
     * refused.
     */
    public void stream(CurrentSession current, long startAfter, MultiEmitter<? super StreamEvent> emitter) {
        LiveSession session = current.session();
        ConversationStream stream = new ConversationStream(
                emitter,
                feeds,
                session.conversationId(),
                session.id(),
                current.claims().expiresAt(),
                beatsPerSafetyCatchUp());
        emitter.onTermination(stream::closed);
        heartbeats.add(stream);
        watchSession(stream, session.id(), current.app());
        // Whatever is committed before this instance receives the conversation's channel is found by a read after.
        String conversationId = session.conversationId();
        live.register(conversationId, stream)
                .chain(() -> starts.submit(conversationId))
                .subscribe()
                .with(last -> stream.start(startAfter, last), failure -> {
                    stream.closed();
                    emitter.fail(StoreFailures.toProblem(failure));
                });
        if (stream.isClosed()) {
            live.unregister(session.conversationId(), stream); // cancelled before it was registered
        }
    }

    private int beatsPerSafetyCatchUp() {
        return (int) Math.max(
                1, config.safetyCatchUp().toMillis() / config.heartbeat().toMillis());
    }

    private void watchSession(ConversationStream stream, String sessionId, App app) {
        stream.sessionWatchStoppedBy(endings.watch(sessionId, ended -> {
            if (!ended.continuesElsewhere()) {
                stream.sessionEnded(ended);
                return;
            }
            Instant expiresAt = Instant.now().plus(app.settings().authenticatedTokenTtl());
            messages.lastSeq(ended.successorConversationId())
                    .subscribe()
                    .with(
                            seq -> {
                                stream.follow(ended, seq, expiresAt);
                                watchSession(stream, ended.successorSessionId(), app);
                            },
                            failure -> {
                                Log.debugf(
                                        "Stream could not follow %s to its identified session: %s",
                                        sessionId, failure.getMessage());
                                stream.sessionEnded(ended);
                            });
        }));
    }

    /**
     * Rate limits live in Redis; while it is down, posting goes on unlimited rather than not at all. They guard
     * against flooding, so a post is admitted on what this instance knows and counted afterwards (see
     * {@link RateLimiter#admit}); only a post to buckets this instance does not know yet waits for Redis.
     */
    private Uni<Posted> withinPostLimits(CurrentSession current, String clientAddress, Supplier<Uni<Posted>> post) {
        Duration window = config.postWindow();
        RateLimiter.Limit[] limits = {
            new RateLimiter.Limit("post:s:" + current.sessionId(), config.sessionPostLimit()),
            new RateLimiter.Limit("post:a:" + current.app().id() + ":" + clientAddress, config.addressPostLimit())
        };
        try {
            if (rateLimiter.admitAtOnce(window, limits)) {
                return post.get();
            }
        } catch (ProblemException refused) {
            return Uni.createFrom().failure(refused);
        }
        return rateLimiter
                .admitInRedis(window, limits)
                .onFailure(failure -> !(failure instanceof ProblemException) && StoreFailures.isOutage(failure))
                .recoverWithNull()
                .chain(post::get);
    }

    private Uni<Posted> post(Conversation conversation, MessageDraft draft, LiveSession firstOfSession) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Message message = new Message(
                Secrets.timeOrderedId("msg", now), draft.clientMessageId(), draft.author(), draft.text(), now);
        return messages.insert(conversation, message, firstOfSession).chain(stored -> {
            if (stored != null) {
                live.publish(stored);
                return Uni.createFrom().item(new Posted(stored.message(), true));
            }
            return messages.findByClientMessageId(conversation.id(), draft.clientMessageId())
                    .map(earlier -> {
                        if (earlier == null) {
                            throw ProblemException.unauthorized(
                                    "The conversation was merged into the user's conversation; "
                                            + "post with the identified session.");
                        }
                        if (!draft.sameAs(earlier.message())) {
                            throw new ProblemException(
                                    ProblemType.CONFLICT,
                                    "clientMessageId " + draft.clientMessageId()
                                            + " was already used for a different message.");
                        }
                        return new Posted(earlier.message(), false);
                    });
        });
    }

    /** The conversation a brand may write to: its own app's, followed to where it was merged, if it was. */
    private Uni<Conversation> conversationOf(App app, String conversationId) {
        return conversations.find(conversationId).chain(found -> {
            if (found == null || !found.conversation().appId().equals(app.id())) {
                return Uni.createFrom()
                        .failure(ProblemException.notFound(
                                "No conversation " + conversationId + " in app " + app.id() + "."));
            }
            if (found.mergedInto() != null) {
                return conversationOf(app, found.mergedInto());
            }
            return Uni.createFrom().item(found.conversation());
        });
    }
}
