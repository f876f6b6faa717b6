package io.chatcontinuity.demo;

import io.chatcontinuity.common.problem.ProblemException;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The demo brand's site (dev mode only): its page with the widget embedded, its assets, and the few backend calls
 * its buttons make. Runs on worker threads: it calls the service over HTTP, as a brand's server would.
 */
@Path("/")
@IfBuildProfile("dev")
public class DemoResource {

    private static final Map<String, String> USERS = Map.of("alice", "Alice Martin", "bob", "Bob Chen");
    private static final Map<String, String> ASSETS =
            Map.of("demo.js", "text/javascript", "cmp.js", "text/javascript", "demo.css", "text/css");
    /** The demo page runs under the strict policy a careful brand would set: scripts and styles only from here. */
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'";

    private static final String USER_COOKIE = "demo_user";

    private final DemoBrand brand;

    DemoResource(DemoBrand brand) {
        this.brand = brand;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@CookieParam(USER_COOKIE) String user) {
        boolean signedIn = user != null && USERS.containsKey(user);
        String page = read("index.html")
                .replace("{{appId}}", brand.brand().appId())
                .replace("{{user}}", signedIn ? user : "")
                .replace("{{userName}}", signedIn ? USERS.get(user) : "")
                .replace("{{continuityToken}}", signedIn ? brand.continuityToken(user) : "");
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Content-Security-Policy", POLICY)
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("demo/{asset}")
    @Operation(hidden = true)
    public Response asset(@PathParam("asset") String asset) {
        String type = ASSETS.get(asset);
        if (type == null) {
            throw ProblemException.notFound("No demo asset " + asset + ".");
        }
        try (InputStream in = resource(asset)) {
            return Response.ok(in.readAllBytes(), type)
                    .header("Cache-Control", "no-cache")
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The brand's login: its own session cookie, and the user's continuity token for the widget. */
    @POST
    @Path("demo/api/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response login(DemoLogin body) {
        String user = body == null ? null : body.user();
        if (user == null || !USERS.containsKey(user)) {
            throw ProblemException.invalid("user", "must be one of " + USERS.keySet());
        }
        return Response.ok(
                        Map.of("user", user, "name", USERS.get(user), "continuityToken", brand.continuityToken(user)))
                .cookie(new NewCookie.Builder(USER_COOKIE)
                        .value(user)
                        .path("/")
                        .httpOnly(true)
                        .sameSite(NewCookie.SameSite.LAX)
                        .build())
                .build();
    }

    @POST
    @Path("demo/api/logout")
    @Operation(hidden = true)
    public Response logout() {
        return Response.noContent()
                .cookie(new NewCookie.Builder(USER_COOKIE)
                        .value("")
                        .path("/")
                        .maxAge(0)
                        .build())
                .build();
    }

    /** The agent console: a reply posted through the brand API to the conversation the widget shows. */
    @POST
    @Path("demo/api/agent-reply")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Response agentReply(AgentReply body) {
        if (body == null) {
            throw ProblemException.invalid("conversationId", "must name the widget's conversation");
        }
        DemoBrand.Answer answer = brand.reply(body.conversationId(), body.text());
        return Response.status(answer.status()).entity(answer.body()).build();
    }

    private static String read(String name) {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DemoResource.class.getResourceAsStream("/demo/" + name);
        if (in == null) {
            throw ProblemException.notFound("No demo asset " + name + ".");
        }
        return in;
    }
}
