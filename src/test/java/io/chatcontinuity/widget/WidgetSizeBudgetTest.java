package io.chatcontinuity.widget;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The widget's size budget (issue 15): what a page downloads before the launcher shows (the loader, the UI module and
 * the stylesheet) stays within 15 KB gzipped at the best level, as {@code gzip -9} measures it. Consent, provider
 * storage and analytics are modules loaded later, and only when the config or the visitor's consent asks for them.
 */
class WidgetSizeBudgetTest {

    private static final Path WIDGET = Path.of("src/main/resources/META-INF/resources/widget/v1");
    private static final int BUDGET_BYTES = 15_000;

    @Test
    void loaderUiAndStylesheetStayWithin15KilobytesGzipped() {
        int total = List.of("loader.js", "ui.js", "widget.css").stream()
                .mapToInt(file -> gzipped(WIDGET.resolve(file)))
                .sum();
        assertTrue(
                total <= BUDGET_BYTES,
                "shipped before the launcher: " + total + " bytes gzipped, budget " + BUDGET_BYTES);
    }

    private static int gzipped(Path file) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            }) {
                gzip.write(Files.readAllBytes(file));
            }
            return out.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
