package io.chatcontinuity.widget;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UnauthorizedCorsFilterTest {

    @Test
    void aWidgetOnAnAllowedOriginCanReadThe401OfACurrentSessionProbe() {
        TestApps.create();
        given().header("Origin", TestApps.ORIGIN)
                .get("/v1/sessions/current")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", TestApps.ORIGIN)
                .header("Access-Control-Allow-Credentials", "true")
                .body("type", equalTo("/problems/unauthorized"));
    }

    @Test
    void anOriginNoAppAllowsGetsNoGrantWithIts401() {
        given().header("Origin", "https://nobody-allows-this.example.net")
                .get("/v1/sessions/current")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo(null));
    }

    @Test
    void aTamperedTokenIsStillA401ThatTheWidgetCanRead() {
        TestApps.create();
        given().header("Origin", TestApps.ORIGIN)
                .auth()
                .oauth2("eyJhbGciOiJub25lIn0.e30.")
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", TestApps.ORIGIN);
    }

    @Test
    void aRevokedTokensAnswerCarriesTheGrantOnceWhetherTheAppOrThisFilterGrantedIt() {
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        given().auth().oauth2(token).delete("/v1/sessions/current").then().statusCode(204);
        var answer = given().header("Origin", TestApps.ORIGIN)
                .auth()
                .oauth2(token)
                .get("/v1/sessions/current/messages")
                .then()
                .statusCode(401)
                .extract();
        assertThat(answer.headers().getValues("Access-Control-Allow-Origin"), contains(TestApps.ORIGIN));
    }
}
