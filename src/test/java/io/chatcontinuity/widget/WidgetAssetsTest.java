package io.chatcontinuity.widget;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class WidgetAssetsTest {

    /** Raw bytes: RestAssured would otherwise undo the compression these tests look for. */
    private static final RestAssuredConfig NO_DECODING = RestAssuredConfig.config()
            .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());

    @Test
    void theLoaderIsJavaScriptCachedBrieflySinceBrandsEmbedItsFixedUrl() {
        given().get("/widget/v1/loader.js")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Cache-Control", "public, max-age=300")
                .header("Access-Control-Allow-Origin", "*")
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("window"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ui.js", "stream.js", "tcf.js", "provider.js", "analytics.js", "frame.js"})
    void theModulesTheLoaderImportsAreServedCrossOriginAndCachedForADay(String file) {
        given().get("/widget/v1/" + file + "?v=1")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/javascript"))
                .header("Cache-Control", "public, max-age=86400")
                .header("Access-Control-Allow-Origin", "*")
                .header("Cross-Origin-Resource-Policy", "cross-origin");
    }

    @Test
    void theStylesheetIsCss() {
        given().get("/widget/v1/widget.css?v=1")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/css"))
                .header("Cache-Control", "public, max-age=86400");
    }

    @Test
    void widgetFilesGoOutCompressedToBrowsersThatAcceptIt() {
        given().config(NO_DECODING)
                .header("Accept-Encoding", "gzip")
                .get("/widget/v1/loader.js")
                .then()
                .statusCode(200)
                .header("Content-Encoding", "gzip");
    }

    @Test
    void apiAnswersStayUncompressed() {
        given().config(NO_DECODING)
                .header("Accept-Encoding", "gzip")
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .header("Content-Encoding", equalTo(null));
    }
}
