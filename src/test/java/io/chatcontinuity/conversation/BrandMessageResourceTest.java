package io.chatcontinuity.conversation;

import static io.chatcontinuity.conversation.MessageResourceTest.agentPost;
import static io.chatcontinuity.conversation.MessageResourceTest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BrandMessageResourceTest {

    @Test
    void anAgentReplyIsIdempotentAndInTheVisitorsHistory() {
        JsonPath app = TestApps.create();
        String token = TestSessions.anonymousToken(app.getString("appId"));
        String conversationId = conversationWithAMessage(token);

        agentPost(app, conversationId, "agent-1", "How can I help?")
                .then()
                .statusCode(201)
                .body("author", equalTo("agent"));
        agentPost(app, conversationId, "agent-1", "How can I help?").then().statusCode(200);
        agentPost(app, conversationId, "agent-1", "Something else")
                .then()
                .statusCode(409)
                .body("type", equalTo("/problems/conflict"));
        given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "bot-1", "text", "Beep.", "author", "bot"))
                .post("/v1/apps/" + app.getString("appId") + "/conversations/" + conversationId + "/messages")
                .then()
                .statusCode(201)
                .body("author", equalTo("bot"));

        given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .body("messages.author", equalTo(List.of("bot", "agent", "visitor")));
    }

    @Test
    void anotherAppsKeyOrConversationGetsNowhere() {
        JsonPath mine = TestApps.create();
        JsonPath theirs = TestApps.create();
        String theirConversation = conversationWithAMessage(TestSessions.anonymousToken(theirs.getString("appId")));

        // My key on their app's path: 403, whatever the conversation.
        given().auth()
                .oauth2(mine.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "x", "text", "hi", "author", "agent"))
                .post("/v1/apps/" + theirs.getString("appId") + "/conversations/" + theirConversation + "/messages")
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        // My key on my path with their conversation id: 404, as if it did not exist.
        agentPost(mine, theirConversation, "x", "hi")
                .then()
                .statusCode(404)
                .body("type", equalTo("/problems/not-found"));
        agentPost(mine, "conv_unknown", "x", "hi").then().statusCode(404);
        given().contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "x", "text", "hi", "author", "agent"))
                .post("/v1/apps/" + mine.getString("appId") + "/conversations/" + theirConversation + "/messages")
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
        given().auth()
                .oauth2(TestSessions.anonymousToken(theirs.getString("appId")))
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "x", "text", "hi", "author", "agent"))
                .post("/v1/apps/" + theirs.getString("appId") + "/conversations/" + theirConversation + "/messages")
                .then()
                .statusCode(401);
    }

    @Test
    void aBrandMessageNeedsAnAgentOrBotAuthor() {
        JsonPath app = TestApps.create();
        String conversationId = conversationWithAMessage(TestSessions.anonymousToken(app.getString("appId")));
        for (Object author : new Object[] {"visitor", "admin", 3}) {
            given().auth()
                    .oauth2(app.getString("apiKey"))
                    .contentType(ContentType.JSON)
                    .body(Map.of("clientMessageId", "x", "text", "hi", "author", author))
                    .post("/v1/apps/" + app.getString("appId") + "/conversations/" + conversationId + "/messages")
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("author"));
        }
        given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", "x", "text", "hi"))
                .post("/v1/apps/" + app.getString("appId") + "/conversations/" + conversationId + "/messages")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("author"));
    }

    static String conversationWithAMessage(String token) {
        post(token, "first", "hello").then().statusCode(201);
        return given().auth()
                .oauth2(token)
                .get("/v1/sessions/current")
                .then()
                .extract()
                .path("conversationId");
    }
}
