package io.chatcontinuity.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import io.chatcontinuity.common.Secrets;
import io.chatcontinuity.support.TestApps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContinuityTokenResourceTest {

    @Inject
    Pool postgres;

    @Test
    void mintedTokenIsRandomAndStoredOnlyAsItsHash() {
        JsonPath app = TestApps.create();
        String token = mint(app.getString("appId"), app.getString("apiKey"), "user-42")
                .then()
                .statusCode(201)
                .extract()
                .path("continuityToken");
        assertThat(token, matchesPattern("[A-Za-z0-9_-]{43}"));

        long raw = count("select count(*) from continuity_tokens where token_hash = $1 or user_id = $1", token);
        long hashed = count("select count(*) from continuity_tokens where token_hash = $1", Secrets.sha256Hex(token));
        assertThat(raw, equalTo(0L));
        assertThat(hashed, equalTo(1L));
    }

    @Test
    void revokedApiKeyStopsWorkingAtTheNextRequest() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        mint(appId, app.getString("apiKey"), "user-1").then().statusCode(201);

        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .delete("/v1/admin/apps/" + appId + "/api-keys/" + app.getString("apiKeyId"))
                .then()
                .statusCode(204);

        mint(appId, app.getString("apiKey"), "user-1")
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
    }

    @Test
    void anotherAppsKeyIsForbiddenWhateverIdsItSends() {
        String appA = TestApps.create().getString("appId");
        JsonPath appB = TestApps.create();
        mint(appA, appB.getString("apiKey"), "user-1")
                .then()
                .statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        mint("app_doesNotExist0000", appB.getString("apiKey"), "user-1").then().statusCode(403);
    }

    @Test
    void missingOrUnknownKeyIsUnauthorized() {
        String appId = TestApps.create().getString("appId");
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", "u"))
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
        mint(appId, "ck_" + Secrets.randomToken(32), "u").then().statusCode(401);
        mint(appId, TestApps.ADMIN_TOKEN, "u").then().statusCode(401);
    }

    @Test
    void badBodiesNameTheField() {
        JsonPath app = TestApps.create();
        String appId = app.getString("appId");
        String key = app.getString("apiKey");
        given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("userId"));
        given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body(Map.of("userId", 7))
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("userId"));
        mint(appId, key, "x".repeat(201)).then().statusCode(400);
        given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body("{\"userId\":")
                .post("/v1/apps/" + appId + "/continuity-tokens")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"));
    }

    private static Response mint(String appId, String apiKey, String userId) {
        return given().auth()
                .oauth2(apiKey)
                .contentType(ContentType.JSON)
                .body(Map.of("userId", userId))
                .post("/v1/apps/" + appId + "/continuity-tokens");
    }

    private long count(String sql, String parameter) {
        Row row = postgres.preparedQuery(sql)
                .execute(Tuple.of(parameter))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next();
        return row.getLong(0);
    }
}
