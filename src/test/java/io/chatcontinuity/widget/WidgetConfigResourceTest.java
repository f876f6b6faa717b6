package io.chatcontinuity.widget;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.chatcontinuity.support.TestApps;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WidgetConfigResourceTest {

    @Inject
    Pool postgres;

    @Inject
    RedisDataSource redis;

    @Test
    void configCarriesSettingsAndClassifiedStorageItems() {
        String appId = TestApps.create(Map.of("sessionMerge", true, "consent", Map.of("mode", "tcf", "vendorId", 1234)))
                .getString("appId");
        given().get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(200)
                .header("Cache-Control", "public, max-age=60")
                .header("ETag", not(emptyOrNullString()))
                .body("appId", equalTo(appId))
                .body("configVersion", equalTo(1))
                .body("storage.mode", equalTo("local"))
                .body("storage.cookieDomain", nullValue())
                .body(
                        "storage.fallback",
                        contains("provider-local-storage", "site-cookie", "site-local-storage", "memory"))
                .body("storage.items.key", contains("chat_token_" + appId, "chat_analytics_" + appId))
                .body("storage.items.category", contains("essential", "analytics"))
                .body("storage.items[0].duration", equalTo("P180D"))
                .body("consent.mode", equalTo("tcf"))
                .body("consent.vendorId", equalTo(1234))
                .body("consent.purposes", contains(1, 8, 9, 10))
                .body("features.sessionMerge", equalTo(true))
                .body("features.identity", equalTo("optional"))
                .body("triggerSnooze", equalTo("PT24H"));
    }

    @Test
    void matchingIfNoneMatchAnswers304() {
        String appId = TestApps.create().getString("appId");
        String etag = given().get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        given().header("If-None-Match", etag)
                .get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(304)
                .header("ETag", etag)
                .header("Cache-Control", "public, max-age=60");
        given().header("If-None-Match", "W/" + etag)
                .get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(304);
        given().header("If-None-Match", "\"something-else\"")
                .get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(200);
    }

    @Test
    void allowedOriginGetsTheCorsGrant() {
        String appId = TestApps.create().getString("appId");
        given().header("Origin", TestApps.ORIGIN)
                .get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", TestApps.ORIGIN)
                .header("Vary", containsString("Origin"));
    }

    @Test
    void foreignOriginIsForbiddenWithoutAGrant() {
        String appId = TestApps.create().getString("appId");
        given().header("Origin", "https://evil.example")
                .get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void preflightIsAnsweredForAllowedOriginsOnly() {
        String appId = TestApps.create().getString("appId");
        given().header("Origin", TestApps.ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .options("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", TestApps.ORIGIN)
                .header("Access-Control-Allow-Methods", containsString("POST"));
        given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET")
                .options("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", TestApps.ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type")
                .options("/v1/sessions/current/messages")
                .then()
                .statusCode(204)
                .header("Access-Control-Allow-Origin", TestApps.ORIGIN);
    }

    @Test
    void unknownAppIsNotFound() {
        given().get("/v1/apps/app_nope/widget-config")
                .then()
                .statusCode(404)
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void patchIsServedAtOnceWithANewEtag() {
        String appId = TestApps.create().getString("appId");
        String before = given().get("/v1/apps/" + appId + "/widget-config")
                .then()
                .extract()
                .header("ETag");
        TestApps.patch(appId, Map.of("settings", Map.of("storage", "cookie", "cookieDomain", ".example.com")));
        given().header("If-None-Match", before)
                .get("/v1/apps/" + appId + "/widget-config")
                .then()
                .statusCode(200)
                .header("ETag", not(equalTo(before)))
                .body("configVersion", equalTo(2))
                .body("storage.mode", equalTo("cookie"))
                .body("storage.cookieDomain", equalTo(".example.com"));
    }

    @Test
    void changeAnnouncedByAnotherInstanceIsServedWithinASecond() {
        String appId = TestApps.create().getString("appId");
        given().get("/v1/apps/" + appId + "/widget-config").then().body("features.persistChatState", equalTo(false));

        // What another instance's PATCH does: commit the row, then announce the app on the Redis channel.
        postgres.preparedQuery("update apps set settings = replace(settings, '\"persistChatState\":false', "
                        + "'\"persistChatState\":true'), config_version = config_version + 1 where id = $1")
                .execute(Tuple.of(appId))
                .await()
                .atMost(Duration.ofSeconds(5));
        given().get("/v1/apps/" + appId + "/widget-config").then().body("features.persistChatState", equalTo(false));
        redis.pubsub(String.class).publish("chat:apps:changed", appId);

        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> given().get("/v1/apps/" + appId + "/widget-config")
                        .then()
                        .body("features.persistChatState", equalTo(true))
                        .body("configVersion", equalTo(2)));
    }

    @Test
    void storageItemsFollowTheStorageMode() {
        String appId = TestApps.create(Map.of("storage", "cookie")).getString("appId");
        given().get("/v1/apps/" + appId + "/widget-config")
                .then()
                .body("storage.fallback[0]", equalTo("site-cookie"))
                .body("storage.items.category", hasItems("essential", "analytics"));
    }
}
