package io.chatcontinuity.widget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatcontinuity.analytics.AnalyticsService;
import io.chatcontinuity.app.App;
import io.chatcontinuity.app.AppDirectory;
import io.chatcontinuity.app.AppSettings;
import io.chatcontinuity.app.StorageMode;
import io.chatcontinuity.common.IsoDurations;
import io.chatcontinuity.common.Secrets;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders an app's widget config once per config version and keeps the bytes and their ETag in memory: the
 * widget fetches it on every page load of every brand site.
 */
@ApplicationScoped
public class WidgetConfigService {

    public record Rendered(App app, String json, String etag) {}

    private final AppDirectory directory;
    private final ObjectMapper json;
    /** The analytics token's lifetime, which the consent tool shows as the duration of its storage item. */
    private final String analyticsItemDuration;

    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

    WidgetConfigService(AppDirectory directory, ObjectMapper json, AnalyticsService analytics) {
        this.directory = directory;
        this.json = json;
        this.analyticsItemDuration = IsoDurations.format(analytics.tokenLifetime());
    }

    public Uni<Rendered> configOf(String appId) {
        return directory.require(appId).map(app -> {
            Rendered cached = rendered.get(appId);
            if (cached != null && cached.app() == app) {
                return cached;
            }
            Rendered fresh = render(app);
            rendered.put(appId, fresh);
            return fresh;
        });
    }

    private Rendered render(App app) {
        AppSettings s = app.settings();
        WidgetConfig config = new WidgetConfig(
                app.id(),
                app.configVersion(),
                new WidgetConfig.Storage(
                        s.storage().json(),
                        s.cookieDomain(),
                        fallback(s.storage()),
                        List.of(
                                new WidgetConfig.StorageItem(
                                        "chat_token_" + app.id(),
                                        "essential",
                                        "Keeps the visitor's chat conversation across page loads;"
                                                + " renewed while the visitor returns.",
                                        IsoDurations.format(s.anonymousTokenTtl())),
                                new WidgetConfig.StorageItem(
                                        "chat_analytics_" + app.id(),
                                        "analytics",
                                        "Measures chat usage (funnels, feature use, performance);"
                                                + " written only with analytics consent.",
                                        analyticsItemDuration))),
                new WidgetConfig.Consent(
                        s.consent().mode().json(),
                        s.consent().analyticsDefault(),
                        s.consent().vendorId(),
                        s.consent().purposes()),
                new WidgetConfig.Features(
                        s.persistChatState(), s.sessionMerge(), s.identity().json()),
                IsoDurations.format(s.triggerSnooze()));
        try {
            String body = json.writeValueAsString(config);
            return new Rendered(app, body, "\"" + Secrets.sha256Hex(body).substring(0, 32) + "\"");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The widget's storage fallback chain, most preferred first; memory is the last resort that always works. */
    private static List<String> fallback(StorageMode mode) {
        return switch (mode) {
            case COOKIE -> List.of("site-cookie", "provider-local-storage", "site-local-storage", "memory");
            case LOCAL, CROSS_DOMAIN ->
                List.of("provider-local-storage", "site-cookie", "site-local-storage", "memory");
        };
    }
}
