package io.chatcontinuity.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdentifiedSessionTest {

    @Inject
    RedisDataSource redis;

    @Test
    void twoDevicesOfOneUserShareOneConversation() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        String continuity = mint(app, "user-7");

        JsonPath laptop = login(appId, Map.of("continuityToken", continuity))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        JsonPath phone = login(appId, Map.of("continuityToken", continuity))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();

        assertThat(laptop.getBoolean("session.authenticated"), equalTo(true));
        assertThat(phone.getString("conversationId"), equalTo(laptop.getString("conversationId")));
        assertThat(phone.getString("session.visitorId"), equalTo(laptop.getString("session.visitorId")));
        assertThat(phone.getString("session.id"), not(equalTo(laptop.getString("session.id"))));
        given().auth()
                .oauth2(phone.getString("token"))
                .get("/v1/sessions/current")
                .then()
                .statusCode(200)
                .body("authenticated", equalTo(true));
    }

    @Test
    void logoutOnOneDeviceLeavesTheOthersAndLoginRestoresTheConversation() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        String continuity = mint(app, "user-8");
        JsonPath laptop = login(appId, Map.of("continuityToken", continuity))
                .then()
                .extract()
                .jsonPath();
        JsonPath phone = login(appId, Map.of("continuityToken", continuity))
                .then()
                .extract()
                .jsonPath();

        given().auth()
                .oauth2(laptop.getString("token"))
                .delete("/v1/sessions/current")
                .then()
                .statusCode(204);

        given().auth()
                .oauth2(laptop.getString("token"))
                .get("/v1/sessions/current")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(phone.getString("token"))
                .get("/v1/sessions/current")
                .then()
                .statusCode(200);
        login(appId, Map.of("continuityToken", continuity))
                .then()
                .statusCode(201)
                .body("conversationId", equalTo(laptop.getString("conversationId")));
    }

    @Test
    void revokeAllEndsEverySessionOfTheUserAndOnlyThatUser() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        String key = app.getString("apiKey");
        String laptop = login(appId, Map.of("continuityToken", mint(app, "user-20")))
                .then()
                .extract()
                .path("token");
        String phone = login(appId, Map.of("continuityToken", mint(app, "user-20")))
                .then()
                .extract()
                .path("token");
        String someoneElse = login(appId, Map.of("continuityToken", mint(app, "user-21")))
                .then()
                .extract()
                .path("token");

        given().auth()
                .oauth2(TestApps.create().getString("apiKey"))
                .delete("/v1/apps/" + appId + "/users/user-20/sessions")
                .then()
                .statusCode(403);
        given().delete("/v1/apps/" + appId + "/users/user-20/sessions").then().statusCode(401);
        given().auth()
                .oauth2(key)
                .delete("/v1/apps/" + appId + "/users/nobody/sessions")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(key)
                .delete("/v1/apps/" + appId + "/users/user-20/sessions")
                .then()
                .statusCode(204);

        given().auth().oauth2(laptop).get("/v1/sessions/current").then().statusCode(401);
        given().auth().oauth2(phone).get("/v1/sessions/current").then().statusCode(401);
        given().auth().oauth2(someoneElse).get("/v1/sessions/current").then().statusCode(200);
    }

    @Test
    void weakBrandTokensAreRefusedSayingWhy() {
        String appId = TestApps.create().getString("appId");
        Map<String, String> weak = Map.of(
                "user-123", "shorter than 22",
                "jane.doe.1984@example.com", "e-mail",
                "Xq3kP9+wL2mZ8vR4tY6u/Ab=", "outside",
                "17632987561234987650012", "all digits",
                "aaaaaaaaaaaaaaaaaaaaaaaa", "variety");
        weak.forEach((token, why) -> login(appId, Map.of("continuityToken", token))
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors[0].field", equalTo("continuityToken"))
                .body("errors[0].message", containsString(why)));
    }

    @Test
    void strongBrandGeneratedTokenBindsAcrossDevices() {
        String appId = TestApps.create().getString("appId");
        String brandToken = Secrets.randomToken(24);
        String first = login(appId, Map.of("continuityToken", brandToken))
                .then()
                .statusCode(201)
                .extract()
                .path("conversationId");
        login(appId, Map.of("continuityToken", brandToken))
                .then()
                .statusCode(201)
                .body("conversationId", equalTo(first));
        String other = login(appId, Map.of("continuityToken", Secrets.randomToken(24)))
                .then()
                .extract()
                .path("conversationId");
        assertThat(other, not(equalTo(first)));
    }

    @Test
    void identityTokensGoodBadlySignedTooLongLivedAndExpired() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        String secret = app.getString("identitySecret");
        long now = Instant.now().getEpochSecond();

        String first = login(appId, Map.of("identityToken", identityToken(secret, "user-9", now, now + 300)))
                .then()
                .statusCode(201)
                .body("session.authenticated", equalTo(true))
                .extract()
                .path("conversationId");
        login(appId, Map.of("identityToken", identityToken(secret, "user-9", now, now + 300)))
                .then()
                .statusCode(201)
                .body("conversationId", equalTo(first));

        String otherSecret = TestApps.create().getString("identitySecret");
        for (String bad : new String[] {
            identityToken(otherSecret, "user-9", now, now + 300),
            identityToken(secret, "user-9", now, now + 3600),
            identityToken(secret, "user-9", now - 900, now - 300),
            identityToken(secret, "user-9", now + 600, now + 590),
            "garbage"
        }) {
            login(appId, Map.of("identityToken", bad))
                    .then()
                    .statusCode(401)
                    .body("type", equalTo("/problems/unauthorized"));
        }
    }

    @Test
    void loginEndsTheAnonymousSessionWithoutMerge() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        String anonymous = TestSessions.anonymousToken(appId);
        given().auth()
                .oauth2(anonymous)
                .contentType(ContentType.JSON)
                .body(Map.of("continuityToken", mint(app, "user-10")))
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .body("merged", equalTo(false))
                .body("session.authenticated", equalTo(true));
        given().auth().oauth2(anonymous).get("/v1/sessions/current").then().statusCode(401);
    }

    @Test
    void anotherAppsContinuityTokenIsUnknown() {
        JsonPath appA = TestApps.create();
        String appB = TestApps.create().getString("appId");
        String tokenOfA = mint(appA, "user-11");
        login(appA.getString("appId"), Map.of("continuityToken", tokenOfA))
                .then()
                .statusCode(201);
        login(appB, Map.of("continuityToken", tokenOfA)).then().statusCode(401);
    }

    @Test
    void noRawContinuityTokenIsKeptInRedis() {
        JsonPath app = TestApps.create();
        String token = mint(app, "user-12");
        login(app.getString("appId"), Map.of("continuityToken", token)).then().statusCode(201);
        for (String key : redis.key().keys("*")) {
            assertThat(key, not(containsString(token)));
            if ("hash".equals(redis.key().type(key).name().toLowerCase())) {
                redis.hash(String.class)
                        .hgetall(key)
                        .values()
                        .forEach(value -> assertThat(value, not(containsString(token))));
            }
        }
    }

    @Test
    void bruteForceIsRateLimited() {
        String appId = TestApps.create().getString("appId");
        int status = 0;
        for (int i = 0; i < 25 && status != 429; i++) {
            status = login(appId, Map.of("identityToken", "forged.token." + i)).statusCode();
        }
        assertThat(status, equalTo(429));
    }

    private static Response login(String appId, Map<String, String> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/apps/" + appId + "/sessions");
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

    private static String identityToken(String secret, String userId, long issuedAt, long expiresAt) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setSubject(userId);
            claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
            claims.setExpirationTime(NumericDate.fromSeconds(expiresAt));
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
