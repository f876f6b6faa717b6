package io.chatcontinuity.demo;

import static org.hamcrest.Matchers.startsWith;

import io.chatcontinuity.support.TwoInstances;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged jar, in its prod profile, serves the widget but none of the dev-mode demo brand site. */
class DemoAbsentFromPackagedServiceIT extends TwoInstances {

    @Test
    void theProductionServiceHasNoDemoPageAssetsOrBrandBackend() {
        a.request().get("/").then().statusCode(404);
        a.request().get("/demo/demo.js").then().statusCode(404);
        a.request()
                .contentType("application/json")
                .body(Map.of("user", "alice"))
                .post("/demo/api/login")
                .then()
                .statusCode(404);
    }

    @Test
    void theProductionServiceServesTheWidgetCompressed() {
        a.request()
                .config(RestAssuredConfig.config()
                        .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "gzip")
                .get("/widget/v1/loader.js")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Content-Encoding", "gzip")
                .header("Cache-Control", "public, max-age=300");
    }
}
