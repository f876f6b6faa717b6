package io.chatcontinuity.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.chatcontinuity.support.TestApps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CookieModeTest {

    @Test
    void sessionCreationSetsTheDocumentedCookie() {
        String appId = TestApps.create(Map.of("storage", "cookie", "cookieDomain", ".example.com"))
                .getString("appId");
        Response created = given().header("Origin", TestApps.ORIGIN)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions");
        created.then().statusCode(201);
        String setCookie = created.getHeader("Set-Cookie");
        assertThat(setCookie, containsString("chat_token_" + appId + "=" + created.path("token")));
        for (String attribute : new String[] {
            "Secure", "HttpOnly", "SameSite=None", "Partitioned", "Path=/v1", "Domain=.example.com", "Max-Age="
        }) {
            assertThat(setCookie, containsString(attribute));
        }
    }

    @Test
    void cookieAuthenticatesAndCrossOriginWritesAreRefused() {
        String appId = TestApps.create(Map.of("storage", "cookie")).getString("appId");
        String token = given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String cookie = "chat_token_" + appId;

        given().cookie(cookie, token)
                .get("/v1/sessions/current")
                .then()
                .statusCode(200)
                .body("appId", equalTo(appId));
        given().cookie(cookie, token)
                .header("Origin", "https://evil.example")
                .contentType(ContentType.JSON)
                .body(Map.of("soundEnabled", false))
                .patch("/v1/sessions/current/state")
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        given().cookie(cookie, token)
                .delete("/v1/sessions/current")
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        given().cookie(cookie, token)
                .header("Origin", TestApps.ORIGIN)
                .delete("/v1/sessions/current")
                .then()
                .statusCode(204)
                .header("Set-Cookie", containsString("Max-Age=0"));
        given().cookie(cookie, token).get("/v1/sessions/current").then().statusCode(401);
    }

    @Test
    void cookieIsNotAcceptedForAppsInLocalStorageMode() {
        String appId = TestApps.create().getString("appId");
        String token = given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        given().cookie("chat_token_" + appId, token)
                .get("/v1/sessions/current")
                .then()
                .statusCode(401);
    }
}
