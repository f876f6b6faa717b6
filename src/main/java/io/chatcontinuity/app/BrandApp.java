package io.chatcontinuity.app;

import io.chatcontinuity.common.security.CurrentCaller;
import jakarta.enterprise.context.RequestScoped;

/** The app whose API key called a brand's endpoint ({@code @CallableBy(Caller.BRAND)}): the app in its path. */
@RequestScoped
public class BrandApp {

    private final CurrentCaller caller;

    BrandApp(CurrentCaller caller) {
        this.caller = caller;
    }

    public App get() {
        return caller.attribute(ApiKeyIdentityProvider.APP_ATTRIBUTE);
    }
}
