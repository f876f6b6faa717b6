package io.chatcontinuity.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Java lines of at most 120 characters (.editorconfig). The formatter in {@code verify} wraps code to that width but
 * leaves comments, string literals and text blocks as written, so this checks those too.
 */
class SourceLineLengthTest {

    private static final int MAX = 120;

    @Test
    void everyJavaLineFitsIn120Characters() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).length() > MAX) {
                            tooLong.add(
                                    file + ":" + (i + 1) + " (" + lines.get(i).length() + ")");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), tooLong);
    }
}
