package io.chatcontinuity.support;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import static io.restassured.RestAssured.given;

/** Starts sessions as the widget does. */
public final class TestSessions {

    private TestSessions() {
    }

    public static JsonPath startAnonymous(String appId) {
        return given().contentType(ContentType.JSON).body("{}")
                .post("/v1/apps/" + appId + "/sessions")
                .then().statusCode(201).extract().jsonPath();
    }

    public static String anonymousToken(String appId) {
        return startAnonymous(appId).getString("token");
    }
}
