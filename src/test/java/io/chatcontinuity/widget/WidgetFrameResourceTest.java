package io.chatcontinuity.widget;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.chatcontinuity.support.TestApps;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WidgetFrameResourceTest {

    @Test
    void theStorageFrameMayBeFramedOnlyByTheAppsAllowedOrigins() {
        String appId = TestApps.create().getString("appId");
        given().get("/widget/v1/frame/" + appId)
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header(
                        "Content-Security-Policy",
                        equalTo("default-src 'none'; script-src 'self'; " + "frame-ancestors " + TestApps.ORIGIN))
                .body(containsString("<script src=\"/widget/v1/frame.js"));
    }

    @Test
    void aChangeOfAllowedOriginsReachesTheFramePolicy() {
        String appId = TestApps.create().getString("appId");
        TestApps.patch(appId, Map.of("allowedOrigins", List.of("https://a.example.com", "https://b.example.com:8443")));
        given().get("/widget/v1/frame/" + appId)
                .then()
                .statusCode(200)
                .header(
                        "Content-Security-Policy",
                        containsString("frame-ancestors https://a.example.com https://b.example.com:8443"));
    }

    @Test
    void anUnknownAppHasNoFrame() {
        given().get("/widget/v1/frame/app_doesNotExist00")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
    }
}
