package io.chatcontinuity.privacy;

import io.chatcontinuity.app.App;
import io.chatcontinuity.common.problem.ProblemException;
import io.chatcontinuity.consent.ConsentService;
import io.chatcontinuity.session.SessionService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** GDPR access and erasure for an app's identified users. */
@ApplicationScoped
public class UserDataService {

    private final UserDataRepository data;
    private final SessionService sessions;
    private final ConsentService consent;

    UserDataService(UserDataRepository data, SessionService sessions, ConsentService consent) {
        this.data = data;
        this.sessions = sessions;
        this.consent = consent;
    }

    public Uni<UserData> export(App app, String userId) {
        return subject(app, userId)
                .chain(subject -> Uni.combine()
                        .all()
                        .unis(
                                data.sessions(subject),
                                data.messages(subject),
                                data.consentRecords(subject),
                                data.analyticsEvents(subject),
                                data.continuityTokensCreatedAt(subject))
                        .with((sessionList, messages, records, events, tokens) -> new UserData(
                                app.id(),
                                userId,
                                Instant.now(),
                                new UserData.User(subject.visitorId(), subject.conversationId(), subject.createdAt()),
                                sessionList,
                                new UserData.Conversation(
                                        subject.conversationId(), subject.mergedConversations(), messages),
                                records,
                                events,
                                tokens)));
    }

    /**
     * Ends every session of the user first, so that nothing new is written while the erasure runs and open streams
     * close; then deletes the user's rows in one transaction; then its sessions' state in Redis. A failure before the
     * transaction commits leaves the user logged out with nothing erased (retry); after it, only Redis state of
     * sessions that can no longer be rebuilt, which expires by itself.
     */
    public Uni<Void> erase(App app, String userId) {
        return subject(app, userId)
                .call(subject -> sessions.endAllOfVisitor(app, subject.visitorId(), "erased"))
                .chain(data::erase)
                .call(erased -> sessions.forget(erased)
                        .chain(() -> consent.forget(erased))
                        .onFailure()
                        .invoke(e ->
                                Log.warnf("Erased user's Redis state not all removed (it expires): %s", e.getMessage()))
                        .onFailure()
                        .recoverWithNull())
                .invoke(erased -> Log.infof("Erased user data of app %s: %d sessions", app.id(), erased.size()))
                .replaceWithVoid();
    }

    private Uni<UserDataRepository.Subject> subject(App app, String userId) {
        return data.subject(app.id(), userId)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("No user " + userId + " in app " + app.id() + "."));
    }
}
