package io.chatcontinuity.support;

import org.junit.jupiter.api.BeforeAll;

/**
 * Base of integration tests that need two instances of the packaged service, {@link #a} and {@link #b}. One pair
 * serves every such test class of the run (starting a pair takes seconds); it is stopped when the test JVM exits.
 */
public abstract class TwoInstances {

    private static ServiceInstances shared;

    protected static ServiceInstances.Instance a;
    protected static ServiceInstances.Instance b;

    @BeforeAll
    static synchronized void startOnce() {
        if (shared == null) {
            shared = ServiceInstances.start(2);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-service-instances"));
        }
        a = shared.get(0);
        b = shared.get(1);
    }
}
