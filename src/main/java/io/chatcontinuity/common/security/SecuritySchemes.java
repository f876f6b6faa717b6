package io.chatcontinuity.common.security;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The credentials of the contract as OpenAPI security schemes; endpoints name the ones they take with
 * {@code @SecurityRequirement} (several on one endpoint are alternatives).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class SecuritySchemes implements OASFilter {

    public static final String CHAT_TOKEN = "chatToken";
    public static final String CHAT_COOKIE = "chatCookie";
    public static final String API_KEY = "apiKey";
    public static final String ADMIN_TOKEN = "adminToken";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents()
                .addSecurityScheme(
                        CHAT_TOKEN,
                        bearer("The visitor's chat token, a JWT from POST /v1/apps/{appId}/sessions")
                                .bearerFormat("JWT"))
                .addSecurityScheme(
                        CHAT_COOKIE,
                        OASFactory.createSecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE)
                                .name("chat_token_{appId}")
                                .description("For apps in cookie storage mode: the chat token in the cookie "
                                        + "chat_token_<appId>. A change made with it needs an Origin the app allows."))
                .addSecurityScheme(
                        API_KEY,
                        bearer("A brand backend's API key (ck_...), from the operator API; only for its own app"))
                .addSecurityScheme(ADMIN_TOKEN, bearer("The operator's admin token (CHAT_ADMIN_TOKEN)"));
    }

    private static SecurityScheme bearer(String description) {
        return OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description(description);
    }
}
