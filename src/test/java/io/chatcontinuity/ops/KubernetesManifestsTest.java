package io.chatcontinuity.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What the Kubernetes manifests must agree on with the service's code: the port it listens on, its health and
 * metrics paths, the configuration names it declares and how long it takes to shut down. Rendering the overlays and
 * the rules of the manifests alone (secrets, hardening, scaling, selectors) are .ci/k8s-check's, with kustomize.
 */
@QuarkusTest
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path DEPLOYMENT = K8S.resolve("base/deployment.yaml");
    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path CLASSES = Path.of("target/classes");
    private static final String SERVICE = "chat-continuity";
    private static final Set<String> GENERATED = Set.of("chat-continuity-config", "chat-continuity-secrets");
    private static final Set<String> PROBES = Set.of("startupProbe", "livenessProbe", "readinessProbe");

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theContainerPortIsTheOneTheServiceListensOnWithTheManifestsEnvironment() throws IOException {
        int containerPort = httpContainerPort();
        for (Map<String, String> environment : generatedEnvironments()) {
            if (environment.containsKey("QUARKUS_HTTP_PORT")) {
                assertEquals(
                        containerPort,
                        prodConfig(environment).getValue("quarkus.http.port", Integer.class),
                        "quarkus.http.port with " + environment + " vs the container port named http");
            }
        }
        assertEquals(containerPort, prodConfig(Map.of()).getValue("quarkus.http.port", Integer.class));
        Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)").matcher(Files.readString(DOCKERFILE));
        assertTrue(expose.find(), DOCKERFILE + " exposes no port");
        assertEquals(containerPort, Integer.parseInt(expose.group(1)), DOCKERFILE + " EXPOSE vs the container port");
    }

    @Test
    void probesAndTheScrapeAnnotationAskPathsTheServiceAnswers() throws IOException {
        JsonNode container = serviceContainer();
        for (String probe : PROBES) {
            String path = container.path(probe).path("httpGet").path("path").asText();
            assertFalse(path.isEmpty(), probe + " has no httpGet path");
            // 503 is a health check's DOWN, which is still the endpoint; a wrong path is a 404.
            int status = given().get(path).statusCode();
            assertTrue(status == 200 || status == 503, probe + " asks " + path + ", which answers " + status);
        }
        JsonNode annotations = podTemplate().path("metadata").path("annotations");
        if (annotations.has("prometheus.io/path")) {
            given().get(annotations.get("prometheus.io/path").asText()).then().statusCode(200);
            assertEquals(
                    String.valueOf(httpContainerPort()),
                    annotations.get("prometheus.io/port").asText());
        }
    }

    @Test
    void everyVariableTheManifestsSetIsAPropertyTheServiceDeclares() throws IOException {
        Set<String> declared = new TreeSet<>();
        for (String property : declaredProperties()) {
            declared.add(property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
        }
        Set<String> set = new TreeSet<>();
        serviceContainer()
                .path("env")
                .forEach(variable -> set.add(variable.get("name").asText()));
        generatedEnvironments().forEach(environment -> set.addAll(environment.keySet()));

        set.removeAll(declared);
        assertTrue(
                set.isEmpty(),
                "the manifests set " + set + ", which map to no property of application.properties, no @ConfigMapping"
                        + " and no @ConfigProperty of the service: drop them or make the service read them");
    }

    @Test
    void terminationGraceOutlastsThePreStopSleepAndTheServicesShutdown() throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        generatedEnvironments().forEach(environment::putAll);
        SmallRyeConfig config = prodConfig(environment);
        Duration timeout = config.getValue("quarkus.shutdown.timeout", Duration.class);
        Duration delay = config.getOptionalValue("quarkus.shutdown.delay-enabled", Boolean.class)
                        .orElse(false)
                ? config.getOptionalValue("quarkus.shutdown.delay", Duration.class)
                        .orElse(Duration.ZERO)
                : Duration.ZERO;
        Duration preStop = Duration.ofSeconds(
                serviceContainer().at("/lifecycle/preStop/sleep/seconds").asLong());
        Duration grace = Duration.ofSeconds(
                podTemplate().at("/spec/terminationGracePeriodSeconds").asLong());

        assertTrue(
                grace.compareTo(preStop.plus(delay).plus(timeout)) > 0,
                "terminationGracePeriodSeconds " + grace.toSeconds() + " s must exceed the preStop sleep "
                        + preStop.toSeconds() + " s + quarkus.shutdown.delay " + delay.toSeconds()
                        + " s + quarkus.shutdown.timeout " + timeout.toSeconds() + " s");
    }

    // ---- the manifests, as files: kustomize's rendering is .ci/k8s-check's ------------------------------------------

    private static JsonNode podTemplate() throws IOException {
        return YAML.readTree(DEPLOYMENT.toFile()).path("spec").path("template");
    }

    private static JsonNode serviceContainer() throws IOException {
        for (JsonNode container : podTemplate().path("spec").path("containers")) {
            if (SERVICE.equals(container.path("name").asText())) {
                return container;
            }
        }
        throw new AssertionError(DEPLOYMENT + " has no container named " + SERVICE);
    }

    private static int httpContainerPort() throws IOException {
        for (JsonNode port : serviceContainer().path("ports")) {
            if ("http".equals(port.path("name").asText())) {
                return port.get("containerPort").asInt();
            }
        }
        throw new AssertionError(DEPLOYMENT + " declares no container port named http");
    }

    /** Per kustomization, the variables its generators give the service's ConfigMap and Secret. */
    private static List<Map<String, String>> generatedEnvironments() throws IOException {
        List<Map<String, String>> environments = new ArrayList<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path kustomization : files.filter(file -> file.endsWith("kustomization.yaml"))
                    .sorted()
                    .toList()) {
                Map<String, String> environment = new LinkedHashMap<>();
                JsonNode document = YAML.readTree(kustomization.toFile());
                for (String field : List.of("configMapGenerator", "secretGenerator")) {
                    for (JsonNode generator : document.path(field)) {
                        if (GENERATED.contains(generator.path("name").asText())) {
                            List<String> lines = new ArrayList<>();
                            generator.path("literals").forEach(literal -> lines.add(literal.asText()));
                            for (JsonNode envFile : generator.path("envs")) {
                                lines.addAll(Files.readAllLines(kustomization.resolveSibling(envFile.asText())));
                            }
                            lines.stream()
                                    .filter(line -> !line.isBlank()
                                            && !line.stripLeading().startsWith("#"))
                                    .forEach(line -> environment.put(
                                            line.substring(0, line.indexOf('=')),
                                            line.substring(line.indexOf('=') + 1)));
                        }
                    }
                }
                environments.add(environment);
            }
        }
        return environments;
    }

    // ---- the service's configuration, as Quarkus reads it ----------------------------------------------------------

    /** application.properties in the prod profile, with {@code environment} as the process's environment. */
    private static SmallRyeConfig prodConfig(Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(
                        APPLICATION_PROPERTIES.toUri().toURL(), PropertiesConfigSource.ORDINAL))
                .withSources(new EnvConfigSource(environment, EnvConfigSource.ORDINAL))
                .withConverter(Duration.class, 200, new DurationConverter())
                .build();
    }

    /** application.properties' keys, and what the compiled classes declare by @ConfigMapping and @ConfigProperty. */
    private static Set<String> declaredProperties() throws IOException {
        Set<String> properties = new TreeSet<>();
        int mappings = 0;
        for (String name : prodConfig(Map.of()).getPropertyNames()) {
            properties.add(name.startsWith("%") ? name.substring(name.indexOf('.') + 1) : name);
        }
        for (Class<?> type : compiledClasses()) {
            if (type.isAnnotationPresent(ConfigMapping.class)) {
                properties.addAll(ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(type))
                        .keySet());
                mappings++;
            }
            List<AnnotatedElement> injectionPoints = new ArrayList<>(List.of(type.getDeclaredFields()));
            for (Executable executable : Stream.concat(
                            Stream.of(type.getDeclaredConstructors()), Stream.of(type.getDeclaredMethods()))
                    .toList()) {
                injectionPoints.addAll(List.of(executable.getParameters()));
            }
            for (AnnotatedElement element : injectionPoints) {
                ConfigProperty property = element.getAnnotation(ConfigProperty.class);
                if (property != null) {
                    properties.add(property.name());
                }
            }
        }
        assertTrue(mappings > 0, "found no @ConfigMapping under " + CLASSES + ": the scan is broken");
        return properties;
    }

    private static List<Class<?>> compiledClasses() throws IOException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class"))
                    .filter(path -> !path.getFileName().toString().contains("$$"))
                    .toList()) {
                String name =
                        CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    classes.add(Class.forName(name, false, loader));
                } catch (ClassNotFoundException e) {
                    throw new AssertionError("compiled but not loadable: " + name, e);
                }
            }
        }
        return classes;
    }
}
