package io.chatcontinuity.widget.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A brand's web server: serves the pages a test composes, on loopback, to whichever host name the browser asked
 * for. Chromium resolves every {@code *.localhost} name to loopback, so {@link #SHOP} and {@link #BLOG} are two
 * subdomains of one site ({@code brand.localhost}), while the service at {@code 127.0.0.1} is another site: the
 * third-party position a chat widget has on a real brand's pages.
 */
final class HostPages implements AutoCloseable {

    static final String SHOP = "shop.brand.localhost";
    static final String BLOG = "blog.brand.localhost";

    /** A page and the response headers it is served with. */
    private record Served(String html, Map<String, String> headers) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "host-pages");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Served> pages = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    HostPages() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Serves {@code html} with {@code headers} under a new path; answers the path. */
    String serve(String html, Map<String, String> headers) {
        String path = "/page-" + next.incrementAndGet() + ".html";
        pages.put(path, new Served(html, headers));
        return path;
    }

    String url(String host, String path) {
        return origin(host) + path;
    }

    String origin(String host) {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Served page = pages.get(exchange.getRequestURI().getPath());
            byte[] body = (page == null ? "not found" : page.html()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (page != null) {
                page.headers().forEach(exchange.getResponseHeaders()::set);
            }
            exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
