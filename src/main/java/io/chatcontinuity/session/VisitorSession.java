package io.chatcontinuity.session;

import io.chatcontinuity.common.security.CurrentCaller;
import jakarta.inject.Singleton;

/**
 * The session of the visitor calling a visitor's endpoint ({@code @CallableBy(Caller.VISITOR)}). A singleton reading
 * the request's caller ({@link CurrentCaller}), not a request-scoped bean: injected into the endpoints, it is then
 * the instance itself rather than a client proxy that looks the bean up in the request context on every call.
 */
@Singleton
public class VisitorSession {

    private final CurrentCaller caller;

    VisitorSession(CurrentCaller caller) {
        this.caller = caller;
    }

    public CurrentSession get() {
        return caller.attribute(CurrentSession.ATTRIBUTE);
    }
}
