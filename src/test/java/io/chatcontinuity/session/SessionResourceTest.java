package io.chatcontinuity.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.chatcontinuity.support.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionResourceTest {

    @Test
    void noCredentialStartsAnAnonymousSessionWithTheContractsClaims() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String token = started.getString("token");

        assertThat(started.getBoolean("session.authenticated"), equalTo(false));
        assertThat(started.getBoolean("merged"), equalTo(false));
        assertThat(started.getString("conversationId"), startsWith("conv_"));
        JsonPath header = TestTokens.header(token);
        assertThat(header.getString("kid"), equalTo(TestTokens.ACTIVE_KID));
        assertThat(header.getString("alg"), equalTo("ES256"));
        JsonPath claims = TestTokens.payload(token);
        assertThat(claims.getString("iss"), equalTo("chat-continuity"));
        assertThat(claims.getString("aud"), equalTo(appId));
        assertThat(claims.getString("sub"), equalTo(started.getString("session.visitorId")));
        assertThat(claims.getString("sid"), equalTo(started.getString("session.id")));
        assertThat(claims.getString("typ"), equalTo("anonymous"));
        assertThat(claims.getString("jti"), notNullValue());
        long lifetime = claims.getLong("exp") - claims.getLong("iat");
        assertThat((double) lifetime, closeTo(180 * 86400, 5));
        assertThat(Instant.parse(started.getString("expiresAt")).getEpochSecond(), equalTo(claims.getLong("exp")));
    }

    @Test
    void chatTokenAloneResumesTheSameSession() {
        String appId = TestApps.create().getString("appId");
        JsonPath first = TestSessions.startAnonymous(appId);
        given().auth()
                .oauth2(first.getString("token"))
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(200)
                .body("session.id", equalTo(first.getString("session.id")))
                .body("session.visitorId", equalTo(first.getString("session.visitorId")))
                .body("conversationId", equalTo(first.getString("conversationId")));
    }

    @Test
    void currentSessionDescribesTheToken() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        given().auth()
                .oauth2(started.getString("token"))
                .get("/v1/sessions/current")
                .then()
                .statusCode(200)
                .body("id", equalTo(started.getString("session.id")))
                .body("appId", equalTo(appId))
                .body("authenticated", equalTo(false))
                .body("conversationId", equalTo(started.getString("conversationId")))
                .body("expiresAt", equalTo(started.getString("expiresAt")));
    }

    @Test
    void refreshGivesANewTokenForTheSameSession() {
        String appId = TestApps.create().getString("appId");
        JsonPath started = TestSessions.startAnonymous(appId);
        String refreshed = given().auth()
                .oauth2(started.getString("token"))
                .post("/v1/sessions/current/refresh")
                .then()
                .statusCode(200)
                .body("expiresAt", notNullValue())
                .extract()
                .path("token");
        assertThat(refreshed, not(equalTo(started.getString("token"))));
        assertThat(TestTokens.payload(refreshed).getString("sid"), equalTo(started.getString("session.id")));
        given().auth().oauth2(refreshed).get("/v1/sessions/current").then().statusCode(200);
    }

    @Test
    void logoutRefusesEveryTokenOfTheSession() {
        String appId = TestApps.create().getString("appId");
        String first = TestSessions.anonymousToken(appId);
        String second = given().auth()
                .oauth2(first)
                .post("/v1/sessions/current/refresh")
                .then()
                .extract()
                .path("token");

        given().auth().oauth2(second).delete("/v1/sessions/current").then().statusCode(204);

        for (String token : new String[] {first, second}) {
            given().auth()
                    .oauth2(token)
                    .get("/v1/sessions/current")
                    .then()
                    .statusCode(401)
                    .body("type", equalTo("/problems/unauthorized"));
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .post("/v1/apps/" + appId + "/sessions")
                    .then()
                    .statusCode(401);
        }
    }

    @Test
    void badTokensAreUnauthorizedProblems() {
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        String otherAppsToken = TestSessions.anonymousToken(TestApps.create().getString("appId"));
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "."
                + TestTokens.resign(token, TestTokens.ACTIVE_KID, "ES256", c -> c.setSubject("vis_someoneelse"))
                        .split("\\.")[1]
                + "." + parts[2];

        Map<String, String> bad = Map.of(
                "tampered", tampered,
                "alg none", TestTokens.unsigned(token),
                "HS256 under an EC kid", TestTokens.hs256UnderEcKid(token),
                "unknown kid",
                        TestTokens.resign(token, "test-es256-2026", "ES256", c -> {})
                                .replaceFirst(
                                        "^[^.]+",
                                        Base64.getUrlEncoder()
                                                .withoutPadding()
                                                .encodeToString("{\"alg\":\"ES256\",\"kid\":\"nobody\"}".getBytes())),
                "expired past the grace",
                        TestTokens.resign(token, TestTokens.ACTIVE_KID, "ES256", c -> {
                            c.setIssuedAt(NumericDate.fromSeconds(
                                    Instant.now().minusSeconds(3600).getEpochSecond()));
                            c.setExpirationTime(NumericDate.fromSeconds(
                                    Instant.now().minusSeconds(120).getEpochSecond()));
                        }),
                "garbage", "not-a-jwt",
                "empty segments", "..",
                "an HS256 key's token with alg ES256",
                        TestTokens.resign(token, TestTokens.HS_KID, "HS256", c -> {})
                                .replaceFirst(
                                        "^[^.]+",
                                        Base64.getUrlEncoder()
                                                .withoutPadding()
                                                .encodeToString(
                                                        "{\"alg\":\"ES256\",\"kid\":\"test-hs256-2026\"}".getBytes())));
        bad.forEach((what, credential) -> given().auth()
                .oauth2(credential)
                .get("/v1/sessions/current")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthorized")));

        given().auth()
                .oauth2(otherAppsToken)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
        given().get("/v1/sessions/current").then().statusCode(401).body("type", equalTo("/problems/unauthorized"));
    }

    @Test
    void expiryWithinTheClockSkewIsTolerated() {
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        String justExpired = TestTokens.resign(token, TestTokens.ACTIVE_KID, "ES256", c -> {
            c.setIssuedAt(
                    NumericDate.fromSeconds(Instant.now().minusSeconds(3600).getEpochSecond()));
            c.setExpirationTime(
                    NumericDate.fromSeconds(Instant.now().minusSeconds(5).getEpochSecond()));
        });
        given().auth().oauth2(justExpired).get("/v1/sessions/current").then().statusCode(200);
    }

    @Test
    void rotationKeepsTokensOfTheOlderKeyValid() {
        String appId = TestApps.create().getString("appId");
        String token = TestSessions.anonymousToken(appId);
        String signedByOldKey = TestTokens.resign(token, TestTokens.OLD_KID, "ES256", c -> {});
        String signedByHsKey = TestTokens.resign(token, TestTokens.HS_KID, "HS256", c -> {});
        given().auth().oauth2(signedByOldKey).get("/v1/sessions/current").then().statusCode(200);
        given().auth().oauth2(signedByHsKey).get("/v1/sessions/current").then().statusCode(200);
    }

    @Test
    void jwksPublishesOnlyPublicHalvesOfAsymmetricKeys() {
        given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .body("keys.kid", containsInAnyOrder(TestTokens.ACTIVE_KID, TestTokens.OLD_KID))
                .body("keys.d", everyItem(nullValue()))
                .body("keys.k", everyItem(nullValue()));
    }

    @Test
    void identityRequiredAppRefusesAnonymousSessions() {
        String appId = TestApps.create(Map.of("identity", "required")).getString("appId");
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/identity-required"));
    }

    @Test
    void unknownAppAndMalformedBodiesAreProblems() {
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/app_nope/sessions")
                .then()
                .statusCode(404)
                .body("type", equalTo("/problems/not-found"));
        String appId = TestApps.create().getString("appId");
        given().contentType(ContentType.JSON)
                .body("{\"merge\": \"yes\"}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("merge"));
        given().contentType(ContentType.JSON)
                .body("[1,2")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"));
        given().contentType(ContentType.JSON)
                .body("{\"continuityToken\":\"" + "x".repeat(70_000) + "\"}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(413)
                .body("type", equalTo("/problems/payload-too-large"));
    }

    @Test
    void foreignOriginCannotStartASession() {
        String appId = TestApps.create().getString("appId");
        given().header("Origin", "https://evil.example")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        given().header("Origin", TestApps.ORIGIN)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(201)
                .header("Access-Control-Allow-Origin", TestApps.ORIGIN);
    }

    @Test
    void sessionCreationIsRateLimitedPerAppAndAddress() {
        String appId = TestApps.create().getString("appId");
        for (int i = 0; i < 60; i++) {
            TestSessions.startAnonymous(appId);
        }
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then()
                .statusCode(429)
                .body("type", equalTo("/problems/rate-limited"))
                .header("Retry-After", notNullValue());
        TestSessions.startAnonymous(TestApps.create().getString("appId"));
    }

    @Test
    void creationsArrivingTogetherAreCountedExactlyAndEachSessionIsSaved() throws Exception {
        String appId = TestApps.create().getString("appId");
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                answers.add(clients.submit(() -> given().contentType(ContentType.JSON)
                        .body("{}")
                        .post("/v1/apps/" + appId + "/sessions")
                        .then()
                        .extract()));
            }
            List<String> tokens = new ArrayList<>();
            int refused = 0;
            for (Future<ExtractableResponse<Response>> answer : answers) {
                ExtractableResponse<Response> response = answer.get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 201) {
                    tokens.add(response.jsonPath().getString("token"));
                } else {
                    assertThat(response.statusCode(), equalTo(429));
                    refused++;
                }
            }
            assertThat(tokens.size(), equalTo(60));
            assertThat(refused, equalTo(20));
            for (String token : tokens) {
                given().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(200);
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
