package io.chatcontinuity.session;

import io.chatcontinuity.support.TwoInstances;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A logout answered by one instance is refused by the other at once, although the other answers the session from its
 * own copy: the notice reaches it before the client can ask it anything.
 */
class LogoutAcrossInstancesIT extends TwoInstances {

    @Test
    void aLogoutOnOneInstanceIsRefusedAtOnceByTheOtherThatHeldACopy() {
        String appId = a.createApp("Logout across instances", Map.of()).getString("appId");
        for (int i = 0; i < 20; i++) {
            String token = a.newSessionToken(appId);
            b.request().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(200);
            b.request().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(200);

            a.request()
                    .auth()
                    .oauth2(token)
                    .delete("/v1/sessions/current")
                    .then()
                    .statusCode(204);

            b.request().auth().oauth2(token).get("/v1/sessions/current").then().statusCode(401);
            b.request()
                    .auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("clientMessageId", "after-logout", "text", "refused"))
                    .post("/v1/sessions/current/messages")
                    .then()
                    .statusCode(401);
        }
    }
}
