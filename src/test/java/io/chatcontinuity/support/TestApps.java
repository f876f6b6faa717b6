package io.chatcontinuity.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;

/** Creates apps through the operator API, as an operator would. */
public final class TestApps {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String ORIGIN = "https://shop.example.com";

    private TestApps() {}

    /** A new app allowing {@link #ORIGIN}, with {@code settings} over the defaults; answers the creation body. */
    public static JsonPath create(Map<String, Object> settings) {
        return given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Test shop", "allowedOrigins", List.of(ORIGIN), "settings", settings))
                .post("/v1/admin/apps")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    public static JsonPath create() {
        return create(Map.of());
    }

    public static void patch(String appId, Map<String, Object> mergePatch) {
        given().auth()
                .oauth2(ADMIN_TOKEN)
                .contentType("application/merge-patch+json")
                .body(mergePatch)
                .patch("/v1/admin/apps/" + appId)
                .then()
                .statusCode(200);
    }
}
