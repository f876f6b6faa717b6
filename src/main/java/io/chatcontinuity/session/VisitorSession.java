package io.chatcontinuity.session;

import io.chatcontinuity.common.security.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;

/** The session of the visitor calling a visitor's endpoint ({@code @CallableBy(Caller.VISITOR)}). */
@RequestScoped
public class VisitorSession {

    private final CurrentCaller caller;

    VisitorSession(CurrentCaller caller) {
        this.caller = caller;
    }

    public CurrentSession get() {
        return caller.attribute(CurrentSession.ATTRIBUTE);
    }
}
