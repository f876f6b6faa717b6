package io.chatcontinuity.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The user's one conversation as seen from several devices, and what logging in does to an anonymous one. */
@QuarkusTest
class ContinuityConversationTest {

    @Test
    void aMessageFromOneDeviceIsInTheOthersHistoryAndSurvivesLogoutAndLogin() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        String continuity = mint(app, "user-31");
        String laptop = login(appId, Map.of("continuityToken", continuity), null)
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String phone = login(appId, Map.of("continuityToken", continuity), null)
                .then()
                .statusCode(201)
                .extract()
                .path("token");

        post(laptop, "l-1", "sent from the laptop").then().statusCode(201);
        post(phone, "p-1", "answered from the phone").then().statusCode(201);
        assertThat(texts(phone), equalTo(List.of("answered from the phone", "sent from the laptop")));
        assertThat(texts(laptop), equalTo(texts(phone)));

        given().auth().oauth2(laptop).delete("/v1/sessions/current").then().statusCode(204);
        String again = login(appId, Map.of("continuityToken", continuity), null)
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        assertThat(texts(again), equalTo(List.of("answered from the phone", "sent from the laptop")));
    }

    @Test
    void mergeMovesEveryAnonymousMessageOnceAndEndsTheAnonymousToken() {
        JsonPath app = TestApps.create(Map.of("sessionMerge", true));
        String appId = app.getString("appId");
        String continuity = mint(app, "user-32");
        String earlier = login(appId, Map.of("continuityToken", continuity), null)
                .then()
                .extract()
                .path("token");
        post(earlier, "shared-id", "an older message of the user").then().statusCode(201);

        String anonymous = TestSessions.anonymousToken(appId);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            post(anonymous, "a-" + i, "before login " + i).then().statusCode(201);
            written.add("before login " + i);
        }
        post(anonymous, "shared-id", "same client id, other conversation")
                .then()
                .statusCode(201);
        written.add("same client id, other conversation");

        JsonPath merged = login(appId, Map.of("continuityToken", continuity, "merge", true), anonymous)
                .then()
                .statusCode(201)
                .body("merged", equalTo(true))
                .extract()
                .jsonPath();

        List<String> history = texts(merged.getString("token"));
        assertEquals(written.size() + 1, history.size());
        assertEquals(history.size(), new HashSet<>(history).size(), "each message exactly once");
        List<String> expected = new ArrayList<>(written);
        Collections.reverse(expected);
        expected.add("an older message of the user");
        assertEquals(expected, history, "the anonymous messages follow the user's, in their order");
        given().auth().oauth2(anonymous).get("/v1/sessions/current").then().statusCode(401);
        post(anonymous, "a-late", "after login").then().statusCode(401);
        post(merged.getString("token"), "a-0", "before login 0").then().statusCode(200);
    }

    @Test
    void withoutMergeTheAnonymousSessionEndsAndItsConversationStaysApart() {
        JsonPath app = TestApps.create(Map.of("sessionMerge", false));
        String appId = app.getString("appId");
        String anonymous = TestSessions.anonymousToken(appId);
        post(anonymous, "a-1", "anonymous question").then().statusCode(201);
        String anonymousConversation = given().auth()
                .oauth2(anonymous)
                .get("/v1/sessions/current")
                .then()
                .extract()
                .path("conversationId");

        JsonPath identified = login(appId, Map.of("continuityToken", mint(app, "user-33"), "merge", true), anonymous)
                .then()
                .statusCode(201)
                .body("merged", equalTo(false))
                .extract()
                .jsonPath();

        assertThat(texts(identified.getString("token")), equalTo(List.of()));
        given().auth().oauth2(anonymous).get("/v1/sessions/current").then().statusCode(401);
        // The brand can still answer the kept anonymous conversation.
        given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "r-1", "text", "still here", "author", "agent"))
                .post("/v1/apps/" + appId + "/conversations/" + anonymousConversation + "/messages")
                .then()
                .statusCode(201);
    }

    @Test
    void anotherAppsAnonymousTokenCannotBeMerged() {
        JsonPath app = TestApps.create(Map.of("sessionMerge", true));
        String foreign = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        post(foreign, "f-1", "someone else's").then().statusCode(201);
        login(app.getString("appId"), Map.of("continuityToken", mint(app, "user-34"), "merge", true), foreign)
                .then()
                .statusCode(401);
        assertThat(texts(foreign), equalTo(List.of("someone else's")));
    }

    static List<String> texts(String token) {
        return given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("messages.text");
    }

    static Response post(String token, String clientMessageId, String text) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", clientMessageId, "text", text))
                .post("/v1/sessions/current/messages");
    }

    private static Response login(String appId, Map<String, Object> body, String anonymousToken) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (anonymousToken != null) {
            request.auth().oauth2(anonymousToken);
        }
        return request.post("/v1/apps/" + appId + "/sessions");
    }

    private static String mint(JsonPath app, String userId) {
        return given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", userId))
                .post("/v1/apps/" + app.getString("appId") + "/continuity-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("continuityToken");
    }
}
