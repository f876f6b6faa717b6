package io.chatcontinuity.session;

import io.chatcontinuity.support.ServiceInstances;
import io.chatcontinuity.support.ServiceInstances.Instance;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A logout answered by one instance is refused by the other at once, although the other answers the session from its
 * own copy: the notice reaches it before the client can ask it anything.
 */
class LogoutAcrossInstancesIT {

    private static ServiceInstances instances;
    private static Instance a;
    private static Instance b;

    @BeforeAll
    static void start() {
        assumeTrue(ServiceInstances.storesAnswer(), "needs the machine's Postgres and Redis");
        instances = ServiceInstances.start(2);
        a = instances.get(0);
        b = instances.get(1);
    }

    @AfterAll
    static void stop() {
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void aLogoutOnOneInstanceIsRefusedAtOnceByTheOtherThatHeldACopy() {
        String appId = at(a).auth().oauth2(ServiceInstances.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("name", "Logout across instances", "allowedOrigins", List.of("https://shop.example.com")))
                .post("/v1/admin/apps").then().statusCode(201).extract().path("appId");
        for (int i = 0; i < 20; i++) {
            String token = at(a).contentType(ContentType.JSON).body("{}").post("/v1/apps/" + appId + "/sessions")
                    .then().statusCode(201).extract().path("token");
            at(b).auth().oauth2(token).get("/v1/sessions/current").then().statusCode(200);
            at(b).auth().oauth2(token).get("/v1/sessions/current").then().statusCode(200);

            at(a).auth().oauth2(token).delete("/v1/sessions/current").then().statusCode(204);

            at(b).auth().oauth2(token).get("/v1/sessions/current").then().statusCode(401);
            at(b).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("clientMessageId", "after-logout", "text", "refused"))
                    .post("/v1/sessions/current/messages").then().statusCode(401);
        }
    }

    private static RequestSpecification at(Instance instance) {
        return given().baseUri(instance.url());
    }
}
