package io.chatcontinuity.widget.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine's Chromium (Debian's {@code chromium} package), driven by Playwright. Playwright never downloads a
 * browser of its own here: its download is switched off and every launch names the system executable. One driver
 * process serves the whole test JVM (starting it unpacks Node.js, which takes seconds).
 */
final class Chromium {

    /** {@code -Dchat.browser.chromium=/path} (or the variable {@code CHAT_BROWSER_CHROMIUM}) names another build. */
    static final String PATH_PROPERTY = "chat.browser.chromium";

    private static final List<String> CANDIDATES = List.of(
            "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium", "/usr/bin/google-chrome");
    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync");
    private static final int DEFAULT_TIMEOUT_MS = 15_000;

    private static Playwright playwright;

    private Chromium() {}

    /** The executable to launch, if this machine has one. */
    static Optional<Path> executable() {
        String configured = System.getProperty(PATH_PROPERTY, System.getenv("CHAT_BROWSER_CHROMIUM"));
        Stream<String> paths = configured != null ? Stream.of(configured) : CANDIDATES.stream();
        return paths.map(Path::of).filter(Files::isExecutable).findFirst();
    }

    static String whereLooked() {
        String configured = System.getProperty(PATH_PROPERTY, System.getenv("CHAT_BROWSER_CHROMIUM"));
        return configured != null ? configured : String.join(", ", CANDIDATES);
    }

    /** A fresh headless browser; its contexts are incognito (fresh storage, third-party cookies blocked). */
    static Browser launch() {
        return playwright()
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(executable().orElseThrow())
                        .setArgs(FLAGS));
    }

    /**
     * A browser with a profile of its own, started with these Chromium preferences (the profile's
     * {@code Default/Preferences}): how a test sets what a visitor sets in the browser's settings, such as which
     * cookies are allowed. Closing the context closes the browser; the profile is deleted with it.
     */
    static BrowserContext launchWithPreferences(String preferencesJson) {
        try {
            Path profile = Files.createTempDirectory("chat-browser-profile");
            Files.createDirectories(profile.resolve("Default"));
            Files.writeString(profile.resolve("Default").resolve("Preferences"), preferencesJson);
            BrowserContext context = playwright()
                    .chromium()
                    .launchPersistentContext(
                            profile,
                            new BrowserType.LaunchPersistentContextOptions()
                                    .setExecutablePath(executable().orElseThrow())
                                    .setArgs(FLAGS));
            context.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
            context.onClose(closed -> deleteQuietly(profile));
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new incognito context of {@code browser} with the suite's timeout. */
    static BrowserContext newContext(Browser browser) {
        BrowserContext context = browser.newContext();
        context.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
        return context;
    }

    private static synchronized Playwright playwright() {
        if (playwright == null) {
            playwright = Playwright.create(
                    new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            Playwright started = playwright;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "playwright-close"));
        }
        return playwright;
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // Chromium may still be removing its own files; a temporary profile left behind is harmless
        }
    }
}
