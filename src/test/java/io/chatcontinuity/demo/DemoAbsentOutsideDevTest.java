package io.chatcontinuity.demo;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo brand site exists only in dev mode: any other profile (tests, the packaged prod jar) serves none of it. */
@QuarkusTest
class DemoAbsentOutsideDevTest {

    @Test
    void theDemoPageIsNotServed() {
        given().get("/").then().statusCode(404);
    }

    @Test
    void theDemoAssetsAreNotServed() {
        given().get("/demo/demo.js").then().statusCode(404);
        given().get("/demo/cmp.js").then().statusCode(404);
    }

    @Test
    void theDemoBrandBackendDoesNotExist() {
        given().contentType("application/json")
                .body(Map.of("user", "alice"))
                .post("/demo/api/login")
                .then()
                .statusCode(404);
        given().contentType("application/json")
                .body(Map.of("conversationId", "c", "text", "hi"))
                .post("/demo/api/agent-reply")
                .then()
                .statusCode(404);
    }
}
