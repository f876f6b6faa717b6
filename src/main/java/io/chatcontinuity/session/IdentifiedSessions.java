package io.chatcontinuity.session;

import io.chatcontinuity.app.App;
import io.chatcontinuity.token.ChatTokenClaims;
import io.smallrye.mutiny.Uni;

/**
 * Starts the session of an identified user from a continuity or identity token. Implemented by the identity feature;
 * declared here so that sessions depend on an interface rather than on identity's internals.
 */
public interface IdentifiedSessions {

    /** {@code anonymous} is the verified chat token presented alongside, if any (for merge). */
    Uni<SessionGrant> start(App app, SessionStartRequest request, ChatTokenClaims anonymous, String clientAddress);
}
