package io.chatcontinuity.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.chatcontinuity.support.TestApps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AppInputRulesTest {

    @Test
    void aNulInAnAppNameIsA400() {
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Shop\\u0000\",\"allowedOrigins\":[\"https://shop.example.com\"]}")
                .post("/v1/admin/apps")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors[0].field", equalTo("name"));
    }

    @Test
    void aNulInAPathIdIsA404WithoutAskingAStore() {
        given().get("/v1/apps/%00/widget-config")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", "u-1"))
                .post("/v1/apps/%00/continuity-tokens")
                .then()
                .statusCode(404)
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void aPreflightNamingAnImpossibleAppOrOriginIsRefused() {
        given().header("Origin", TestApps.ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/apps/%00/sessions")
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        String appId = TestApps.create(Map.of()).getString("appId");
        given().header("Origin", "https://" + "a".repeat(300) + ".example.com")
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(403);
        given().get("/v1/apps/" + appId + "/widget-config").then().statusCode(200);
    }
}
