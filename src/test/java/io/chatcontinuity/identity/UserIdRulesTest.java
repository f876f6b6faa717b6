package io.chatcontinuity.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.chatcontinuity.support.TestApps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/** User ids name people: two different ones must never be stored as one, so broken text is refused. */
@QuarkusTest
class UserIdRulesTest {

    @Test
    void userIdsDifferingOnlyInLoneSurrogatesAreRefused() {
        JsonPath app = TestApps.create();

        for (String userId : new String[] {"u-\\ud800", "u-\\udbff", "u-\\udc00x"}) {
            given().auth()
                    .oauth2(app.getString("apiKey"))
                    .contentType(ContentType.JSON)
                    .body("{\"userId\":\"" + userId + "\"}")
                    .post("/v1/apps/" + app.getString("appId") + "/continuity-tokens")
                    .then()
                    .statusCode(400)
                    .body("type", equalTo("/problems/invalid-request"))
                    .body("errors[0].field", equalTo("userId"));
        }
        given().auth()
                .oauth2(app.getString("apiKey"))
                .get("/v1/apps/" + app.getString("appId") + "/users/u-%3F/export")
                .then()
                .statusCode(404);
    }

    @Test
    void aNulInAnIdentityTokensSubIsRefusedAndNoUserIsMade() {
        JsonPath app = TestApps.create();
        String identity = identityToken(app.getString("identitySecret"), app.getString("appId"), "u-\u0000");

        given().contentType(ContentType.JSON)
                .body("{\"identityToken\":\"" + identity + "\"}")
                .post("/v1/apps/" + app.getString("appId") + "/sessions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthorized"));
    }

    @Test
    void aNulInAUserIdPathIsA404() {
        JsonPath app = TestApps.create();

        given().auth()
                .oauth2(app.getString("apiKey"))
                .get("/v1/apps/" + app.getString("appId") + "/users/u-%00/export")
                .then()
                .statusCode(404)
                .body("type", equalTo("/problems/not-found"));
        given().auth()
                .oauth2(app.getString("apiKey"))
                .delete("/v1/apps/" + app.getString("appId") + "/users/u-%ED%A0%80/sessions")
                .then()
                .statusCode(404)
                .body("type", equalTo("/problems/not-found"));
    }

    private static String identityToken(String secret, String appId, String userId) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setSubject(userId);
            claims.setAudience(appId);
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(5);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
