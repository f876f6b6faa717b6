package io.chatcontinuity.widget;

import io.chatcontinuity.support.TestApps;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class UnauthorizedCorsFilterTest {

    @Test
    void aWidgetOnAnAllowedOriginCanReadThe401OfACurrentSessionProbe() {
        TestApps.create();
        given().header("Origin", TestApps.ORIGIN).get("/v1/sessions/current")
                .then().statusCode(401)
                .header("Access-Control-Allow-Origin", TestApps.ORIGIN)
                .header("Access-Control-Allow-Credentials", "true")
                .body("type", equalTo("/problems/unauthorized"));
    }

    @Test
    void anOriginNoAppAllowsGetsNoGrantWithIts401() {
        given().header("Origin", "https://nobody-allows-this.example.net").get("/v1/sessions/current")
                .then().statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo(null));
    }

    @Test
    void aTamperedTokenIsStillA401ThatTheWidgetCanRead() {
        TestApps.create();
        given().header("Origin", TestApps.ORIGIN).auth().oauth2("eyJhbGciOiJub25lIn0.e30.")
                .get("/v1/sessions/current/messages")
                .then().statusCode(401)
                .header("Access-Control-Allow-Origin", TestApps.ORIGIN);
    }
}
