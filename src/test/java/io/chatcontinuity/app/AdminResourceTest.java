package io.chatcontinuity.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.chatcontinuity.support.TestApps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminResourceTest {

    @Test
    void missingAdminTokenIsUnauthorized() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .post("/v1/admin/apps")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthorized"))
                .body("status", equalTo(401));
    }

    @Test
    void wrongAdminTokenIsUnauthorized() {
        given().auth()
                .oauth2("test-admin-token-but-wrong")
                .get("/v1/admin/apps/app_whatever")
                .then()
                .statusCode(401)
                .body("type", equalTo("/problems/unauthorized"));
    }

    @Test
    void createdAppCarriesDefaultsAndSecretsOnce() {
        JsonPath created = TestApps.create();
        String appId = created.getString("appId");
        assertThat(created.getString("apiKey"), startsWith("ck_"));
        assertThat(created.getString("identitySecret").length(), equalTo(43));
        assertThat(created.getString("settings.anonymousTokenTtl"), equalTo("P180D"));
        assertThat(created.getString("settings.authenticatedTokenTtl"), equalTo("PT12H"));
        assertThat(created.getList("settings.consent.purposes"), equalTo(List.of(1, 8, 9, 10)));

        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .get("/v1/admin/apps/" + appId)
                .then()
                .statusCode(200)
                .body("appId", equalTo(appId))
                .body("allowedOrigins", contains(TestApps.ORIGIN))
                .body("settings.storage", equalTo("local"))
                .body("settings.consent.mode", equalTo("none"))
                .body("createdAt", notNullValue())
                .body("$", not(hasKey("apiKey")))
                .body("$", not(hasKey("identitySecret")));
    }

    @Test
    void unknownAppIsNotFound() {
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .get("/v1/admin/apps/app_doesnotexist")
                .then()
                .statusCode(404)
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void mergePatchChangesOnlyWhatItNamesAndBumpsTheVersion() {
        String appId = TestApps.create(Map.of("sessionMerge", true)).getString("appId");
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType("application/merge-patch+json")
                .body(Map.of("name", "Renamed", "settings", Map.of("consent", Map.of("mode", "tcf", "vendorId", 1234))))
                .patch("/v1/admin/apps/" + appId)
                .then()
                .statusCode(200)
                .body("name", equalTo("Renamed"))
                .body("settings.sessionMerge", equalTo(true))
                .body("settings.consent.mode", equalTo("tcf"))
                .body("settings.consent.vendorId", equalTo(1234))
                .body("settings.consent.purposes", contains(1, 8, 9, 10))
                .body("configVersion", equalTo(2));
    }

    @Test
    void nullInAMergePatchResetsTheDefault() {
        String appId = TestApps.create(Map.of("authenticatedTokenTtl", "PT1H")).getString("appId");
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"settings\":{\"authenticatedTokenTtl\":null}}")
                .patch("/v1/admin/apps/" + appId)
                .then()
                .statusCode(200)
                .body("settings.authenticatedTokenTtl", equalTo("PT12H"));
    }

    @Test
    void invalidSettingsNameEveryBadField() {
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "name",
                        "x",
                        "allowedOrigins",
                        List.of("https://ok.example", "not an origin"),
                        "settings",
                        Map.of(
                                "storage",
                                "floppy",
                                "anonymousTokenTtl",
                                "forever",
                                "consent",
                                Map.of("mode", "tcf", "legitimateInterestPurposes", List.of(1)),
                                "colour",
                                "red")))
                .post("/v1/admin/apps")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors.field", hasItem("allowedOrigins[1]"))
                .body("errors.field", hasItem("settings.storage"))
                .body("errors.field", hasItem("settings.anonymousTokenTtl"))
                .body("errors.field", hasItem("settings.consent.vendorId"))
                .body("errors.field", hasItem("settings.consent.legitimateInterestPurposes"))
                .body("errors.field", hasItem("settings.colour"));
    }

    @Test
    void wronglyTypedFieldIsABadRequest() {
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"name\": 42, \"allowedOrigins\": \"https://a.example\"}")
                .post("/v1/admin/apps")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("allowedOrigins"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"name\": \"unterminated")
                .post("/v1/admin/apps")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-request"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void emptyBodyIsABadRequest() {
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .post("/v1/admin/apps")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"));
    }

    @Test
    void oversizedBodyIsRefusedWith413() {
        String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(big)
                .post("/v1/admin/apps")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/payload-too-large"));
    }

    @Test
    void issuedApiKeysAreDistinctAndRevocable() {
        JsonPath created = TestApps.create();
        String appId = created.getString("appId");
        JsonPath second = given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .post("/v1/admin/apps/" + appId + "/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(second.getString("apiKey"), not(equalTo(created.getString("apiKey"))));

        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .delete("/v1/admin/apps/" + appId + "/api-keys/" + second.getString("keyId"))
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .delete("/v1/admin/apps/" + appId + "/api-keys/key_unknown")
                .then()
                .statusCode(404)
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void anotherAppsKeyIdCannotBeRevokedThroughThisApp() {
        String appA = TestApps.create().getString("appId");
        JsonPath appB = TestApps.create();
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .delete("/v1/admin/apps/" + appA + "/api-keys/" + appB.getString("apiKeyId"))
                .then()
                .statusCode(404);
    }
}
