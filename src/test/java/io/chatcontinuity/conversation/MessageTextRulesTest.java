package io.chatcontinuity.conversation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message text is refused where it enters rather than changed on its way to Postgres. */
@QuarkusTest
class MessageTextRulesTest {

    @Test
    void aNulInMessageTextIsA400AndNothingIsStored() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));

        post(token, "{\"clientMessageId\":\"n1\",\"text\":\"a\\u0000b\"}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors[0].field", equalTo("text"));
        history(token).body("messages", hasSize(0));
    }

    @Test
    void aLoneSurrogateInMessageTextIsRefusedNotChanged() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));

        post(token, "{\"clientMessageId\":\"s1\",\"text\":\"a\\ud800b\"}")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"));
        post(token, "{\"clientMessageId\":\"s1\",\"text\":\"a\\udc00b\"}")
                .then()
                .statusCode(400);
        post(token, "{\"clientMessageId\":\"s1\",\"text\":\"ab\"}").then().statusCode(201);
        history(token).body("messages", hasSize(1));
    }

    @Test
    void controlCharactersOtherThanNewlineAndTabAreRefused() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));

        for (String text : List.of("bell\\u0007", "carriage\\rreturn", "escape\\u001b[31m", "delete\\u007f")) {
            post(token, "{\"clientMessageId\":\"c1\",\"text\":\"" + text + "\"}")
                    .then()
                    .statusCode(400);
        }
        history(token).body("messages", hasSize(0));
    }

    @Test
    void whatIsAcknowledgedIsWhatIsStoredAndARetryMatchesIt() {
        String token = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        String text = "two\nlines\tand 😀 \u202eevil\u202c";
        String body = "{\"clientMessageId\":\"e1\",\"text\":\"two\\nlines\\tand \\ud83d\\ude00 \\u202eevil\\u202c\"}";

        JsonPath created = post(token, body).then().statusCode(201).extract().jsonPath();
        assertEquals(text, created.getString("text"));
        history(token).body("messages[0].text", equalTo(text));
        post(token, body).then().statusCode(200).body("id", equalTo(created.getString("id")));
    }

    @Test
    void aNulInABrandMessageIsA400() {
        JsonPath app = TestApps.create();
        String token = TestSessions.anonymousToken(app.getString("appId"));
        post(token, "{\"clientMessageId\":\"v1\",\"text\":\"hi\"}").then().statusCode(201);
        String conversationId = given().auth()
                .oauth2(token)
                .get("/v1/sessions/current")
                .then()
                .extract()
                .path("conversationId");

        given().auth()
                .oauth2(app.getString("apiKey"))
                .contentType(ContentType.JSON)
                .body("{\"clientMessageId\":\"b1\",\"text\":\"a\\u0000b\",\"author\":\"agent\"}")
                .post("/v1/apps/" + app.getString("appId") + "/conversations/" + conversationId + "/messages")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"));
        history(token).body("messages", hasSize(1));
    }

    /** The API key is looked up in Postgres; a 404 rather than a 401 shows the id was refused before that. */
    @Test
    void aNulInAConversationIdIsA404BeforeAnyCredentialOrStoreIsAsked() {
        String appId = TestApps.create().getString("appId");

        given().contentType(ContentType.JSON)
                .body("{\"clientMessageId\":\"b1\",\"text\":\"hi\",\"author\":\"bot\"}")
                .post("/v1/apps/" + appId + "/conversations/conv_%00/messages")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
    }

    private static Response post(String token, String body) {
        return given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/sessions/current/messages");
    }

    private static ValidatableResponse history(String token) {
        return given().auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(200);
    }
}
