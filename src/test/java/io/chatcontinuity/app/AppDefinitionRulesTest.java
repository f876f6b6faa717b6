package io.chatcontinuity.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.chatcontinuity.support.TestApps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of an app's definition answers in its own words, whatever JSON type the wrong value has. */
@QuarkusTest
class AppDefinitionRulesTest {

    private static ValidatableResponse create(String settings) {
        return given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Shop\",\"allowedOrigins\":[\"https://shop.example.com\"],\"settings\":" + settings
                        + "}")
                .post("/v1/admin/apps")
                .then()
                .statusCode(400)
                .body("type", equalTo("/problems/invalid-request"))
                .body("errors", hasSize(1));
    }

    @Test
    void aDurationOfAnyWrongKindIsToldItsBounds() {
        for (String value : new String[] {"3600", "\"forever\"", "\"PT1M\"", "{}", "true"}) {
            create("{\"anonymousTokenTtl\":" + value + "}")
                    .body("errors[0].field", equalTo("settings.anonymousTokenTtl"))
                    .body("errors[0].message", equalTo("must be an ISO-8601 duration from PT5M to P400D"));
        }
        create("{\"triggerSnooze\":\"P366D\"}")
                .body("errors[0].message", equalTo("must be an ISO-8601 duration from PT0S to P365D"));
    }

    @Test
    void anEnumIsNamedByItsJsonNamesOnly() {
        for (String value : new String[] {"\"floppy\"", "1", "\"1\"", "\"COOKIE\""}) {
            create("{\"storage\":" + value + "}")
                    .body("errors[0].field", equalTo("settings.storage"))
                    .body("errors[0].message", equalTo("must be one of local, cookie, cross-domain"));
        }
    }

    @Test
    void purposesAreRightOrWrongAsAWhole() {
        String rule = "must be a list of at most 11 distinct whole numbers from 1 to 11";
        for (String value : new String[] {"[1,\"2\"]", "[1,1]", "[12]", "7", "[1,null]"}) {
            create("{\"consent\":{\"purposes\":" + value + "}}")
                    .body("errors[0].field", equalTo("settings.consent.purposes"))
                    .body("errors[0].message", equalTo(rule));
        }
        create("{\"consent\":{\"purposes\":[]}}").body("errors[0].message", equalTo("must name at least one purpose"));
        create("{\"consent\":{\"legitimateInterestPurposes\":[2,3]}}")
                .body("errors[0].field", equalTo("settings.consent.legitimateInterestPurposes"))
                .body("errors[0].message", equalTo("may only name purposes 2 and 7 to 11"));
    }

    @Test
    void theVendorIdIsBoundedAndRequiredInTcfMode() {
        for (String value : new String[] {"0", "65536", "\"1234\"", "1.5"}) {
            create("{\"consent\":{\"mode\":\"tcf\",\"vendorId\":" + value + "}}")
                    .body("errors[0].field", equalTo("settings.consent.vendorId"))
                    .body("errors[0].message", equalTo("must be a whole number from 1 to 65535"));
        }
        create("{\"consent\":{\"mode\":\"tcf\",\"vendorId\":null}}")
                .body("errors[0].field", equalTo("settings.consent.vendorId"))
                .body("errors[0].message", equalTo("is required when mode is tcf"));
    }

    @Test
    void originsAndCookieDomainAreToldTheirShape() {
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Shop\",\"allowedOrigins\":\"https://shop.example.com\"}")
                .post("/v1/admin/apps")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("allowedOrigins"))
                .body("errors[0].message", equalTo("must be a list of at most 100 strings"));
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"Shop\",\"allowedOrigins\":[\"https://a.example\",7,\"https://a.example/path\"]}")
                .post("/v1/admin/apps")
                .then()
                .statusCode(400)
                .body("errors.field", equalTo(List.of("allowedOrigins[1]", "allowedOrigins[2]")))
                .body("errors[0].message", equalTo("must be a string"));
        create("{\"cookieDomain\":\"Example\"}")
                .body("errors[0].field", equalTo("settings.cookieDomain"))
                .body("errors[0].message", equalTo("must be a domain such as .example.com"));
    }

    @Test
    void originsAreStoredOnceInLowerCaseAndTheNameStripped() {
        given().auth()
                .oauth2(TestApps.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"  Shop \",\"allowedOrigins\":[\"https://A.example\",\"https://a.example\"]}")
                .post("/v1/admin/apps")
                .then()
                .statusCode(201)
                .body("name", equalTo("Shop"))
                .body("allowedOrigins", equalTo(List.of("https://a.example")));
    }
}
