package io.chatcontinuity.widget.browser;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A brand as the service sees it: created by the operator, then its backend minting tokens and answering chats. */
record BrandBackend(String appId, String apiKey) {

    static final String ADMIN_TOKEN = "test-admin-token";

    /** A new app whose pages are the host pages' shop and blog, with {@code settings} over the defaults. */
    static BrandBackend create(HostPages pages, Map<String, Object> settings) {
        JsonPath app = given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "Brand",
                        "settings",
                        settings,
                        "allowedOrigins",
                        List.of(pages.origin(HostPages.SHOP), pages.origin(HostPages.BLOG))))
                .post("/v1/admin/apps")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new BrandBackend(app.getString("appId"), app.getString("apiKey"));
    }

    /** A continuity token for a new user of this brand, as its backend renders into CHAT_TOKEN_ID. */
    String continuityTokenForNewUser() {
        return given().auth()
                .oauth2(apiKey)
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "user-" + UUID.randomUUID()))
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("continuityToken");
    }

    /** An agent's reply in a conversation, posted through the brand API. */
    void agentSays(String conversationId, String text) {
        given().auth()
                .oauth2(apiKey)
                .contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", UUID.randomUUID().toString(), "text", text, "author", "agent"))
                .post("/v1/apps/" + appId + "/conversations/" + conversationId + "/messages")
                .then()
                .statusCode(201);
    }

    /** The texts of a session's conversation as the service stores them, oldest first. */
    static List<String> storedTexts(String chatToken) {
        List<String> texts = new ArrayList<>(given().auth()
                .oauth2(chatToken)
                .queryParam("limit", 100)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(200)
                .extract()
                .<List<String>>path("messages.text"));
        Collections.reverse(texts);
        return texts;
    }

    /** The status {@code GET /v1/sessions/current} answers this chat token with. */
    static int sessionStatus(String chatToken) {
        return given().auth()
                .oauth2(chatToken)
                .get("/v1/sessions/current")
                .then()
                .extract()
                .statusCode();
    }

    /** A session of the user behind {@code continuityToken}, started as another device would. */
    String chatTokenOfUser(String continuityToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("continuityToken", continuityToken))
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(lessThan(300))
                .extract()
                .path("token");
    }
}
