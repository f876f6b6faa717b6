package io.chatcontinuity.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged application (target/quarkus-app) leaves out the dev and test plumbing: the embedded Postgres and
 * Redis libraries and the classes that resolve and start them (common.localstores). Only their config source factory
 * stays, because Quarkus registers ConfigSourceFactory services at build time; in the prod profile it does nothing.
 */
class PackagedApplicationIT {

    private static final Path APPLICATION = Path.of("target/quarkus-app");
    private static final String LOCAL_STORES = "io/chatcontinuity/common/localstores/";
    private static final List<String> KEPT = List.of(
            LOCAL_STORES + "LocalStoresConfigSourceFactory$1.class",
            LOCAL_STORES + "LocalStoresConfigSourceFactory.class");

    @Test
    void theApplicationJarHoldsOnlyTheLocalStoresFactory() throws IOException {
        try (Stream<Path> jars = Files.list(APPLICATION.resolve("app"));
                JarFile jar = new JarFile(jars.findFirst().orElseThrow().toFile())) {
            List<String> localStores = jar.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.startsWith(LOCAL_STORES) && name.endsWith(".class"))
                    .sorted()
                    .toList();
            assertEquals(KEPT, localStores);
        }
    }

    @Test
    void noEmbeddedStoreLibraryIsPackaged() throws IOException {
        try (Stream<Path> libraries = Files.walk(APPLICATION.resolve("lib"))) {
            List<String> embedded = libraries
                    .map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith("io.zonky") || name.contains("embedded-redis"))
                    .toList();
            assertTrue(embedded.isEmpty(), "packaged: " + embedded);
        }
    }
}
