package io.chatcontinuity.widget.browser;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the page's main thread did during one load, from Chromium's own trace (DevTools protocol {@code Tracing}): the
 * tasks between the loader's arrival and the conversation on screen, so that a reader sees whether the time went to
 * waiting for answers or to the renderer's work (script, style, layout). The page marks the shown moment with
 * {@code performance.mark('bench-shown')}, which the trace carries on the main thread's clock.
 */
final class MainThreadTrace {

    private static final String CATEGORIES = "toplevel,devtools.timeline,blink.user_timing,v8.execute";
    private static final double MIN_TASK_MS = 1.0;

    private final CDPSession devtools;
    private final List<JsonObject> events = new ArrayList<>();
    private volatile boolean complete;

    MainThreadTrace(Page page) {
        devtools = page.context().newCDPSession(page);
        devtools.on("Tracing.dataCollected", data -> {
            synchronized (events) {
                for (JsonElement event : data.getAsJsonArray("value")) {
                    events.add(event.getAsJsonObject());
                }
            }
        });
        devtools.on("Tracing.tracingComplete", done -> complete = true);
        JsonObject start = new JsonObject();
        start.addProperty("categories", CATEGORIES);
        start.addProperty("transferMode", "ReportEvents");
        devtools.send("Tracing.start", start);
    }

    /**
     * Stops tracing and lists the main thread's tasks of at least {@value #MIN_TASK_MS} ms between the loader's arrival
     * ({@code loaderToShownMs} before the shown mark) and the mark, in ms after the loader's arrival, with the busy
     * total.
     */
    String stop(Page page, double loaderToShownMs) {
        devtools.send("Tracing.end");
        while (!complete) {
            page.waitForTimeout(20);
        }
        devtools.detach();
        JsonObject mark = events.stream()
                .filter(e -> "bench-shown".equals(name(e)))
                .findFirst()
                .orElse(null);
        if (mark == null) {
            return "    (no trace: the shown mark is missing)\n";
        }
        double shownUs = mark.get("ts").getAsDouble();
        double loaderUs = shownUs - loaderToShownMs * 1000;
        int pid = mark.get("pid").getAsInt();
        int tid = mark.get("tid").getAsInt();
        List<JsonObject> mainThread = events.stream()
                .filter(e -> e.get("pid").getAsInt() == pid && e.get("tid").getAsInt() == tid)
                .filter(e -> "X".equals(e.get("ph").getAsString()) && e.has("dur"))
                .filter(e -> e.get("ts").getAsDouble() + e.get("dur").getAsDouble() > loaderUs)
                .filter(e -> e.get("ts").getAsDouble() < shownUs)
                .sorted(Comparator.comparingDouble(e -> e.get("ts").getAsDouble()))
                .toList();
        StringBuilder out = new StringBuilder();
        double busyUs = 0;
        for (JsonObject event : mainThread) {
            double startUs = Math.max(event.get("ts").getAsDouble(), loaderUs);
            double endUs =
                    Math.min(event.get("ts").getAsDouble() + event.get("dur").getAsDouble(), shownUs);
            boolean task = "RunTask".equals(name(event)) || "ThreadControllerImpl::RunTask".equals(name(event));
            if (task) {
                busyUs += endUs - startUs;
            }
            if (endUs - startUs >= MIN_TASK_MS * 1000) {
                out.append(String.format(
                        "    %6.1f .. %6.1f %s%s%n",
                        (startUs - loaderUs) / 1000, (endUs - loaderUs) / 1000, task ? "" : "  ", describe(event)));
            }
        }
        return String.format(
                        "  the median load's main thread (Chromium trace, tasks and steps of >= %.0f ms;"
                                + " busy %.1f of %.1f ms):%n",
                        MIN_TASK_MS, busyUs / 1000, loaderToShownMs)
                + out;
    }

    private static String name(JsonObject event) {
        JsonElement name = event.get("name");
        return name == null ? "" : name.getAsString();
    }

    /** The event's name and, for script work, which script or function. */
    private static String describe(JsonObject event) {
        String described = name(event);
        JsonObject args = event.has("args") ? event.getAsJsonObject("args") : null;
        JsonObject data = args != null && args.has("data") && args.get("data").isJsonObject()
                ? args.getAsJsonObject("data")
                : null;
        if (data != null) {
            for (String field : List.of("functionName", "url", "type")) {
                JsonElement value = data.get(field);
                if (value != null
                        && value.isJsonPrimitive()
                        && !value.getAsString().isEmpty()) {
                    described += " " + field + "=" + shortened(value.getAsString());
                }
            }
            JsonElement frames = data.get("stackTrace");
            if (frames instanceof JsonArray stack && !stack.isEmpty()) {
                described += " at "
                        + shortened(stack.get(0)
                                .getAsJsonObject()
                                .get("functionName")
                                .getAsString());
            }
        }
        return described;
    }

    private static String shortened(String value) {
        return value.replaceFirst("^[a-z]+://[^/]+", "").replaceFirst("\\?v=[^&]*$", "");
    }
}
