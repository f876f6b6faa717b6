package io.chatcontinuity.widget.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import io.restassured.path.json.JsonPath;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every request a browser context sends (from the page and its frames), and every credential the service hands the
 * widget: what a test needs to show that no token travels in a URL, which requests went out, and which chat token the
 * widget currently uses.
 */
final class Traffic {

    /** One request as it left the browser. */
    record Sent(String method, String url, Map<String, String> headers, String body) {

        String path() {
            String withoutQuery = url.replaceFirst("[?#].*$", "");
            return withoutQuery.replaceFirst("^[a-z]+://[^/]+", "");
        }

        String bearer() {
            String authorization = headers.get("authorization");
            return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        }

        JsonPath json() {
            return new JsonPath(body);
        }
    }

    private static final Pattern ISSUED_TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();

    Traffic(BrowserContext context) {
        context.onRequest(this::record);
        context.onResponse(this::collectIssuedTokens);
    }

    private void record(Request request) {
        sent.add(new Sent(request.method(), request.url(), Map.copyOf(request.headers()), request.postData()));
    }

    /** Session, refresh and analytics-token answers carry a token in their body. */
    private void collectIssuedTokens(Response response) {
        String path = response.url().replaceFirst("[?#].*$", "");
        boolean issuing = path.endsWith("/sessions") || path.endsWith("/refresh") || path.endsWith("/analytics-token");
        if (issuing
                && response.status() < 300
                && "POST".equals(response.request().method())) {
            try {
                Matcher token = ISSUED_TOKEN.matcher(response.text());
                while (token.find()) {
                    issuedTokens.add(token.group(1));
                }
            } catch (PlaywrightException pageClosedFirst) {
                // the test closed the page before this answer was read: it is no longer the test's concern
            }
        }
    }

    List<Sent> all() {
        return List.copyOf(sent);
    }

    /** Requests of {@code method} whose path ends with {@code pathSuffix}. */
    List<Sent> to(String method, String pathSuffix) {
        return sent.stream()
                .filter(r -> r.method().equals(method) && r.path().endsWith(pathSuffix))
                .toList();
    }

    /** The chat token on the widget's latest authenticated request to the service. */
    String lastBearer() {
        for (int i = sent.size() - 1; i >= 0; i--) {
            Sent request = sent.get(i);
            if (request.bearer() != null) {
                return request.bearer();
            }
        }
        throw new AssertionError("The widget has sent no request with a bearer token yet");
    }

    /** Every credential seen: bearer headers, analytics-token headers and tokens in the service's answers. */
    Set<String> credentials() {
        Set<String> all = new HashSet<>(issuedTokens);
        for (Sent request : sent) {
            if (request.bearer() != null) {
                all.add(request.bearer());
            }
            if (request.headers().get("x-analytics-token") != null) {
                all.add(request.headers().get("x-analytics-token"));
            }
        }
        return all;
    }
}
