package io.chatcontinuity.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;

/** Starts sessions as the widget does. */
public final class TestSessions {

    private TestSessions() {}

    public static JsonPath startAnonymous(String appId) {
        return given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    public static String anonymousToken(String appId) {
        return startAnonymous(appId).getString("token");
    }

    /** An anonymous visitor's session: its app, chat token and ids. */
    public record Visitor(String appId, String token, String sessionId, String visitorId) {}

    /** A session of a new app with these consent settings. */
    public static Visitor visitorOf(Map<String, Object> consent) {
        String appId = TestApps.create(Map.of("consent", consent)).getString("appId");
        JsonPath session = startAnonymous(appId);
        return new Visitor(
                appId,
                session.getString("token"),
                session.getString("session.id"),
                session.getString("session.visitorId"));
    }
}
