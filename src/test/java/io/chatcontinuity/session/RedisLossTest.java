package io.chatcontinuity.session;

import io.chatcontinuity.support.TestApps;
import io.chatcontinuity.support.TestSessions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class RedisLossTest {

    @Inject
    RedisDataSource redis;

    @Test
    void redisFlushKeepsValidTokensWorkingAndRevokedOnesRefused() {
        String appId = TestApps.create().getString("appId");
        var kept = TestSessions.startAnonymous(appId);
        String revoked = TestSessions.anonymousToken(appId);
        given().auth().oauth2(revoked).delete("/v1/sessions/current").then().statusCode(204);

        redis.execute("FLUSHDB");

        given().auth().oauth2(kept.getString("token")).get("/v1/sessions/current")
                .then().statusCode(200)
                .body("id", equalTo(kept.getString("session.id")))
                .body("conversationId", equalTo(kept.getString("conversationId")));
        given().auth().oauth2(revoked).get("/v1/sessions/current").then().statusCode(401);

        redis.execute("FLUSHDB");
        given().auth().oauth2(revoked).get("/v1/sessions/current").then().statusCode(401);
    }
}
