package io.chatcontinuity.widget;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What the widget runtime fetches on every page load (see the contract). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WidgetConfig(
        String appId, int configVersion, Storage storage, Consent consent, Features features, String triggerSnooze) {

    public record Storage(String mode, String cookieDomain, List<String> fallback, List<StorageItem> items) {}

    /** A storage item the widget may write, classified so that a site's consent tool can list it. */
    public record StorageItem(String key, String category, String purpose, String duration) {}

    public record Consent(String mode, boolean analyticsDefault, Integer vendorId, List<Integer> purposes) {}

    public record Features(boolean persistChatState, boolean sessionMerge, String identity) {}
}
