package io.chatcontinuity.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatcontinuity.app.App;
import io.chatcontinuity.app.AppSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WidgetFramePolicyTest {

    private static App appAllowing(String... origins) {
        return new App("app_x", "x", List.of(origins), AppSettings.DEFAULTS, "secret", 1, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void everyAllowedOriginMayFrameTheStorageFrame() {
        assertEquals(
                "default-src 'none'; script-src 'self'; frame-ancestors https://shop.example.com "
                        + "http://localhost:8080",
                WidgetFrameResource.policy(appAllowing("https://shop.example.com", "http://localhost:8080")));
    }

    @Test
    void anOriginThatCouldInjectIntoThePolicyIsLeftOut() {
        assertEquals(
                "default-src 'none'; script-src 'self'; frame-ancestors https://ok.example.com",
                WidgetFrameResource.policy(appAllowing(
                        "https://ok.example.com", "https://a.example.com; script-src *", "https://b.example.com *")));
    }

    @Test
    void anAppWithoutOriginsCannotBeFramedAtAll() {
        assertEquals(
                "default-src 'none'; script-src 'self'; frame-ancestors 'none'",
                WidgetFrameResource.policy(appAllowing()));
    }
}
