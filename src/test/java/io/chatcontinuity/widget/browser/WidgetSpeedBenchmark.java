package io.chatcontinuity.widget.browser;

import static io.chatcontinuity.widget.browser.HostPages.SHOP;
import static io.restassured.RestAssured.given;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The widget's speed as a returning visitor sees it, measured in headless Chromium on loopback. Not a test (surefire
 * does not pick up *Benchmark classes): {@code src/bench/widget-speed.sh} runs it and prints its report, also written
 * to {@code target/widget-speed.txt}.
 *
 * <p>Before measuring, every request of such a page load is sent {@link #WARM_UP_ROUNDS} times, so that the service
 * runs compiled code as it does in production. Per page load: the time from the loader having arrived (its Resource
 * Timing {@code responseEnd}) until the
 * conversation's newest message is in the DOM and visible (a MutationObserver in the page, so no polling interval
 * blurs it); and the sequential round trips on the way, from the browser's own network log (DevTools protocol): the
 * longest chain of requests to the service, finished before the conversation showed, where each starts after the
 * previous one finished (see {@link #longestChain}).
 */
@QuarkusTest
class WidgetSpeedBenchmark extends BrowserScenario {

    static final int LOADS = Integer.getInteger("bench.loads", 20);
    static final int HISTORY = 20;
    static final int TRACED_LOADS = Integer.getInteger("bench.traced-loads", 5);
    static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 500);

    /** Records the moment the newest message shows, from inside the page. */
    static final String WATCH_SCRIPT = """
            (() => {
              const newest = %s;
              const bench = window.bench = { shown: null };
              const check = root => {
                for (const el of root.querySelectorAll('[data-message-id]')) {
                  if (el.textContent.includes(newest) && el.checkVisibility()) {
                    bench.shown = performance.now();
                    performance.mark('bench-shown');
                    return true;
                  }
                }
                return false;
              };
              const watchShadow = host => {
                const inner = new MutationObserver(() => {
                  if (!bench.shown && check(host.shadowRoot)) {
                    inner.disconnect();
                  }
                });
                inner.observe(host.shadowRoot,
                  { subtree: true, childList: true, attributes: true, characterData: true });
              };
              const outer = new MutationObserver(() => {
                const host = document.getElementById('chat-continuity');
                if (host && host.shadowRoot) { outer.disconnect(); watchShadow(host); }
              });
              outer.observe(document, { subtree: true, childList: true });
            })();
            """;

    /** One page load, on the page's clock (ms): when the loader arrived and when the newest message showed. */
    record Shown(double loaderEnd, double shown) {

        /** Loads {@code url} and waits until the conversation's newest message is visible. */
        static Shown after(Page page, String url) {
            page.navigate(url);
            page.waitForFunction("() => window.bench.shown !== null");
            double shown = ((Number) page.evaluate("() => window.bench.shown")).doubleValue();
            double loaderEnd = ((Number) page.evaluate("() => performance.getEntriesByType('resource')"
                            + ".find(e => e.name.includes('/widget/v1/loader.js')).responseEnd"))
                    .doubleValue();
            return new Shown(loaderEnd, shown);
        }

        double loaderToShown() {
            return shown - loaderEnd;
        }
    }

    /** One request as the DevTools protocol saw it; times in seconds on the browser's monotonic clock. */
    static final class NetworkRequest {
        String method;
        String url;
        double start;
        double end = Double.NaN;
        double wallStartMillis;
        boolean fromCache;

        double wallEndMillis() {
            return wallStartMillis + (end - start) * 1000;
        }

        String name() {
            return method + " "
                    + url.replaceFirst("^[a-z]+://[^/]+", "")
                            .replaceFirst("/v1/(apps/[^/]+|sessions/current)", "")
                            .replaceFirst("\\?v=[^&]*$", "");
        }
    }

    @Test
    void returningVisitorsConversationOnScreen() throws IOException {
        BrandBackend brand = newBrand(Map.of("persistChatState", true));
        String newest = "Message " + HISTORY + " of the conversation";
        String url = pageOf(brand)
                .headScript(WATCH_SCRIPT.formatted(BrandPage.quoted(newest)))
                .servedOn(hostPages, SHOP);
        BrowserContext visitor = newVisitor();
        Traffic traffic = new Traffic(visitor);
        Widget widget = Widget.load(visitor, url, brand.appId());
        widget.openChat();
        String token = traffic.lastBearer();
        for (int i = 1; i <= HISTORY; i++) {
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "clientMessageId",
                            UUID.randomUUID().toString(),
                            "text",
                            "Message " + i + " of the conversation"))
                    .post("/v1/sessions/current/messages")
                    .then()
                    .statusCode(201);
        }
        widget.awaitShown(newest);
        warmUp(brand.appId(), widget.localItem(widget.tokenItemKey()));

        String storageState = "{\"cookies\": [], \"origins\": [{\"origin\": \"" + hostPages.origin(SHOP)
                + "\", \"localStorage\": [{\"name\": \"" + widget.tokenItemKey() + "\", \"value\": \""
                + widget.localItem(widget.tokenItemKey()) + "\"}]}]}";

        StringBuilder report = new StringBuilder();
        report.append(environment());
        report.append(shipped(brand));
        report.append(measure(
                "Same browser session, HTTP and CORS-preflight caches warm (a return within minutes)",
                load -> widget.page(),
                url));
        report.append(traced(load -> widget.page(), url));
        report.append(measure(
                "New browser session, nothing cached, token stored (a return after a browser restart"
                        + " with an emptied cache)",
                load -> newVisitorWith(storageState).newPage(),
                url));
        System.out.println(report);
        Files.writeString(Path.of("target", "widget-speed.txt"), report);
    }

    /**
     * Runs every request of a returning visitor's page load a few hundred times first, so that the loads measure a
     * service whose code the JIT has compiled, as in production, rather than a JVM that has just started.
     */
    private static void warmUp(String appId, String token) {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            given().get("/v1/apps/" + appId + "/widget-config").then().statusCode(200);
            given().auth()
                    .oauth2(token)
                    .contentType(ContentType.JSON)
                    .body("{}")
                    .post("/v1/apps/" + appId + "/sessions")
                    .then()
                    .statusCode(200);
            for (String read : List.of("messages?limit=30", "state", "consent")) {
                given().auth()
                        .oauth2(token)
                        .get("/v1/sessions/current/" + read)
                        .then()
                        .statusCode(200);
            }
        }
    }

    private BrowserContext newVisitorWith(String storageState) {
        return track(browser.newContext(new Browser.NewContextOptions().setStorageState(storageState)));
    }

    /** Loads {@code url} LOADS + 1 times in the page {@code pageForLoad} gives (the first load only warms up). */
    private String measure(String label, IntFunction<Page> pageForLoad, String url) {
        List<Double> fromLoader = new ArrayList<>();
        List<Double> fromNavigation = new ArrayList<>();
        Map<Integer, Integer> roundTrips = new TreeMap<>();
        Map<String, Integer> chains = new TreeMap<>();
        Map<Double, String> timelines = new TreeMap<>();
        for (int load = 0; load <= LOADS; load++) {
            Page page = pageForLoad.apply(load);
            NetworkLog log = new NetworkLog(page);
            Shown seen = Shown.after(page, url);
            double shown = seen.shown();
            double loaderEnd = seen.loaderEnd();
            double timeOrigin = ((Number) page.evaluate("() => performance.timeOrigin")).doubleValue();
            log.detach();
            if (load == 0) {
                continue; // the first load warms up the service and the HTTP cache
            }
            fromLoader.add(shown - loaderEnd);
            fromNavigation.add(shown);
            List<NetworkRequest> chain = longestChain(log.requests(), timeOrigin + loaderEnd, timeOrigin + shown);
            timelines.put(shown - loaderEnd, timeline(page, loaderEnd, shown));
            roundTrips.merge(chain.size(), 1, Integer::sum);
            chains.merge(
                    String.join(" -> ", chain.stream().map(NetworkRequest::name).toList()), 1, Integer::sum);
        }
        return "\n" + label + ", " + LOADS + " loads, " + HISTORY + " messages in the conversation:\n"
                + "  loader arrived -> conversation on screen: " + summary(fromLoader) + "\n"
                + "  navigation start -> conversation on screen: " + summary(fromNavigation) + "\n"
                + "  sequential round trips from the loader to the shown history (loads per count): " + roundTrips
                + "\n  the chains (loads):\n"
                + chains.entrySet().stream()
                        .map(chain -> "    " + chain.getKey() + " (" + chain.getValue() + ")\n")
                        .collect(Collectors.joining())
                + "  the median load's requests (Resource Timing, ms after the loader arrived):\n"
                + timelines.values().stream()
                        .skip(timelines.size() / 2)
                        .findFirst()
                        .orElse("");
    }

    /**
     * A few more warm loads with Chromium's tracing on (kept out of the timed loads, as tracing slows the page): the
     * main thread's work in the median one.
     */
    private String traced(IntFunction<Page> pageForLoad, String url) {
        TreeMap<Double, String> traces = new TreeMap<>();
        for (int load = 0; load < TRACED_LOADS; load++) {
            Page page = pageForLoad.apply(load);
            MainThreadTrace trace = new MainThreadTrace(page);
            double loaderToShown = Shown.after(page, url).loaderToShown();
            traces.put(loaderToShown, trace.stop(page, loaderToShown));
        }
        return traces.values().stream().skip(traces.size() / 2).findFirst().orElse("");
    }

    /**
     * Where one load's time went: each request to the service from the page's Resource Timing (the clock the shown
     * moment is read on), in ms after the loader arrived.
     */
    @SuppressWarnings("unchecked")
    static String timeline(Page page, double loaderEnd, double shown) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) page.evaluate(
                "() => performance.getEntriesByType('resource').map(e => ({name: e.name, start: e.startTime,"
                        + " end: e.responseEnd, size: e.transferSize}))");
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> entry : entries) {
            double start = ((Number) entry.get("start")).doubleValue() - loaderEnd;
            double end = ((Number) entry.get("end")).doubleValue() - loaderEnd;
            String name = ((String) entry.get("name"))
                    .replaceFirst("^[a-z]+://[^/]+", "")
                    .replaceFirst("/v1/(apps/[^/]+|sessions/current)", "")
                    .replaceFirst("\\?v=[^&]*$", "");
            out.append(String.format("    %6.1f .. %6.1f %s%n", start, end, name));
        }
        return out.append(String.format("    %6.1f conversation on screen%n", shown - loaderEnd))
                .toString();
    }

    /** A page's network traffic as the browser's DevTools protocol reports it. */
    static final class NetworkLog {

        private final CDPSession devtools;
        private final Map<String, NetworkRequest> requests = new ConcurrentHashMap<>();
        private final Set<String> cached = ConcurrentHashMap.newKeySet();

        NetworkLog(Page page) {
            devtools = page.context().newCDPSession(page);
            devtools.on("Network.requestWillBeSent", event -> {
                JsonObject sent = event.getAsJsonObject("request");
                NetworkRequest request = new NetworkRequest();
                request.url = sent.get("url").getAsString();
                request.method = sent.get("method").getAsString();
                request.start = event.get("timestamp").getAsDouble();
                request.wallStartMillis = event.get("wallTime").getAsDouble() * 1000;
                requests.put(event.get("requestId").getAsString(), request);
            });
            devtools.on(
                    "Network.requestServedFromCache",
                    event -> cached.add(event.get("requestId").getAsString()));
            devtools.on("Network.responseReceived", event -> {
                JsonObject response = event.getAsJsonObject("response");
                if (response.get("fromDiskCache").getAsBoolean()
                        || response.has("fromPrefetchCache")
                                && response.get("fromPrefetchCache").getAsBoolean()) {
                    cached.add(event.get("requestId").getAsString());
                }
            });
            devtools.on("Network.loadingFinished", event -> {
                NetworkRequest request = requests.get(event.get("requestId").getAsString());
                if (request != null) {
                    request.end = event.get("timestamp").getAsDouble();
                }
            });
            devtools.send("Network.enable", new JsonObject());
        }

        List<NetworkRequest> requests() {
            requests.forEach((id, request) -> request.fromCache = cached.contains(id));
            return List.copyOf(requests.values());
        }

        void detach() {
            devtools.detach();
        }
    }

    /**
     * The round trips the conversation waited for: the longest chain of network requests to the service that ends
     * with the history request whose answer was shown, in which each request was sent only after the previous one had
     * finished (CORS preflights count: they are round trips too). Requests sent before the loader arrived (what the
     * previous page sent as it unloaded), answers from the HTTP cache and the live event stream are left out.
     */
    static List<NetworkRequest> longestChain(
            Collection<NetworkRequest> all, double loaderWallMillis, double shownWallMillis) {
        String service = serviceUrl();
        List<NetworkRequest> network = all.stream()
                .filter(r -> r.url.startsWith(service) && !r.fromCache && r.wallStartMillis >= loaderWallMillis - 1)
                .filter(r -> !Double.isNaN(r.end) && r.wallEndMillis() <= shownWallMillis && !r.url.contains("/events"))
                .sorted(Comparator.comparingDouble(r -> r.start))
                .toList();
        int history = -1;
        int[] depth = new int[network.size()];
        int[] previous = new int[network.size()];
        for (int i = 0; i < network.size(); i++) {
            depth[i] = 1;
            previous[i] = -1;
            for (int j = 0; j < i; j++) {
                if (network.get(j).end <= network.get(i).start && depth[j] + 1 > depth[i]) {
                    depth[i] = depth[j] + 1;
                    previous[i] = j;
                }
            }
            NetworkRequest request = network.get(i);
            if (request.method.equals("GET")
                    && request.url.contains("/v1/sessions/current/messages")
                    && (history < 0 || request.end > network.get(history).end)) {
                history = i;
            }
        }
        List<NetworkRequest> chain = new ArrayList<>();
        for (int i = history; i >= 0; i = previous[i]) {
            chain.add(0, network.get(i));
        }
        return chain;
    }

    /** Bytes of JavaScript and CSS fetched before the launcher shows on a first visit (empty cache). */
    private String shipped(BrandBackend brand) {
        BrowserContext first = newVisitor();
        List<Response> responses = new CopyOnWriteArrayList<>();
        first.onResponse(response -> {
            if (HostPageIsolationTest.isScriptOrStyleOfTheService(response)) {
                responses.add(response);
            }
        });
        Widget.load(first, pageOf(brand).servedOn(hostPages, SHOP), brand.appId());
        StringBuilder out = new StringBuilder("\nJavaScript and CSS before the launcher shows, first visit"
                + " (bytes: raw, as sent, gzip -9 for reference):\n");
        int[] total = new int[3];
        for (Response response : List.copyOf(responses)) {
            response.finished();
            byte[] body = response.body();
            int[] size = {body.length, response.request().sizes().responseBodySize, gzipBest(body)};
            out.append("  ")
                    .append(response.url().replaceFirst("^.*/widget/v1/", ""))
                    .append(": ")
                    .append(size[0])
                    .append(", ")
                    .append(size[1])
                    .append(" (")
                    .append(response.headerValue("content-encoding"))
                    .append("), ")
                    .append(size[2])
                    .append('\n');
            for (int i = 0; i < 3; i++) {
                total[i] += size[i];
            }
        }
        return out.append("  total: ")
                .append(total[0])
                .append(", ")
                .append(total[1])
                .append(" as sent, ")
                .append(total[2])
                .append(" at gzip -9\n")
                .toString();
    }

    static int gzipBest(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size();
    }

    static String summary(List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format(
                "median %.1f ms (min %.1f, p90 %.1f, max %.1f)",
                median,
                sorted.get(0),
                sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
                sorted.get(sorted.size() - 1));
    }

    private static String environment() throws IOException {
        return "Chromium " + browser.version() + ", Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, load average at start "
                + Files.readString(Path.of("/proc/loadavg")).trim() + "\n";
    }
}
