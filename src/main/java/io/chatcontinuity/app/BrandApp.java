package io.chatcontinuity.app;

import io.chatcontinuity.common.security.CurrentCaller;
import jakarta.inject.Singleton;

/**
 * The app whose API key called a brand's endpoint ({@code @CallableBy(Caller.BRAND)}): the app in its path. A
 * singleton reading the request's caller ({@link CurrentCaller}), as {@code VisitorSession}.
 */
@Singleton
public class BrandApp {

    private final CurrentCaller caller;

    BrandApp(CurrentCaller caller) {
        this.caller = caller;
    }

    public App get() {
        return caller.attribute(ApiKeyIdentityProvider.APP_ATTRIBUTE);
    }
}
