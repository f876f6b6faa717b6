package io.chatcontinuity.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the Kubernetes manifests, the container image and the service's configuration in step, without kubectl:
 * the overlays are rendered here by a small resolver that understands exactly the kustomize features k8s/ uses and
 * refuses any other, so that the files cannot drift away from what this test checks.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path JAVA_SOURCES = Path.of("src/main/java");
    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");

    private static final String SERVICE = "chat-continuity";
    private static final String SECRET = "chat-continuity-secrets";
    private static final Set<String> CONTRACT_VARIABLES = Set.of(
            "QUARKUS_HTTP_PORT",
            "QUARKUS_DATASOURCE_REACTIVE_URL",
            "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD",
            "QUARKUS_REDIS_HOSTS",
            "CHAT_ADMIN_TOKEN",
            "CHAT_TOKEN_KEYS",
            "CHAT_TOKEN_ACTIVE_KID");
    private static final Map<String, String> HEALTH_PROBE_PATHS = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");
    /** What the service is assumed to wait for in-flight requests when application.properties does not say. */
    private static final Duration ASSUMED_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

    private static final String DEV_ONLY_MARKER = "dev-only";

    private static final ObjectReader YAML = new YAMLMapper().readerFor(Map.class);

    // ---- the files themselves ----------------------------------------------------------------------------------

    @Test
    void everyYamlFileUnderK8sParsesIntoKubernetesObjects() throws IOException {
        List<Path> files = yamlFilesUnder(K8S);
        assertFalse(files.isEmpty(), "no YAML under " + K8S.toAbsolutePath());
        for (Path file : files) {
            List<Map<String, Object>> documents = readDocuments(file);
            assertFalse(documents.isEmpty(), file + " holds no document");
            for (Map<String, Object> document : documents) {
                assertNotNull(document.get("apiVersion"), file + ": a document without apiVersion");
                assertNotNull(document.get("kind"), file + ": a document without kind");
            }
        }
    }

    @Test
    void baseCommitsNoSecretValues() throws IOException {
        for (Path file : yamlFilesUnder(K8S.resolve("base"))) {
            for (Map<String, Object> document : readDocuments(file)) {
                if ("Secret".equals(document.get("kind"))) {
                    assertTrue(
                            map(document, "data").isEmpty()
                                    && map(document, "stringData").isEmpty(),
                            file + " commits Secret values; the base must only refer to " + SECRET);
                }
                if ("Kustomization".equals(document.get("kind"))) {
                    assertFalse(
                            document.containsKey("secretGenerator"),
                            file + " generates a Secret; the base must only refer to " + SECRET);
                }
            }
        }
    }

    @Test
    void committedSecretValuesAreDevOnlyPlaceholders() {
        for (String overlay : List.of("overlays/dev", "overlays/prod")) {
            for (Map<String, Object> secret : render(overlay).ofKind("Secret")) {
                map(secret, "data")
                        .forEach((key, value) -> assertTrue(
                                String.valueOf(value).contains(DEV_ONLY_MARKER),
                                overlay + " commits " + key + " without the '" + DEV_ONLY_MARKER
                                        + "' marker: only obvious"
                                        + " placeholders may be committed, real secrets are created out of band"));
            }
        }
        assertTrue(
                render("overlays/prod").ofKind("Secret").isEmpty(),
                "prod must expect " + SECRET + " to be created out of band, not ship one");
    }

    // ---- ports and probes --------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void probesUseTheQuarkusHealthEndpointsOnTheContainerPortThatQuarkusListensOn(String overlay) {
        Rendered rendered = render(overlay);
        Map<String, Object> container = serviceContainer(rendered);
        int httpPort = quarkusHttpPort(rendered);

        HEALTH_PROBE_PATHS.forEach((probe, path) -> {
            Map<String, Object> httpGet = map(map(container, probe), "httpGet");
            assertEquals(path, httpGet.get("path"), overlay + ": " + probe + " path");
            assertEquals(
                    httpPort,
                    containerPortNumber(container, httpGet.get("port")),
                    overlay + ": " + probe + " must hit the declared container port that equals QUARKUS_HTTP_PORT");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void serviceAndNetworkPolicyTargetTheHttpPort(String overlay) {
        Rendered rendered = render(overlay);
        Map<String, Object> container = serviceContainer(rendered);
        int httpPort = quarkusHttpPort(rendered);

        Map<String, Object> service = rendered.named("Service", SERVICE);
        assertEquals("ClusterIP", map(service, "spec").getOrDefault("type", "ClusterIP"));
        for (Map<String, Object> port : maps(map(service, "spec"), "ports")) {
            assertEquals(
                    httpPort,
                    containerPortNumber(container, port.get("targetPort")),
                    overlay + ": the Service must target the container port QUARKUS_HTTP_PORT names");
        }

        Map<String, Object> policy = rendered.named("NetworkPolicy", SERVICE);
        List<Map<String, Object>> ingress = maps(map(policy, "spec"), "ingress");
        assertFalse(ingress.isEmpty(), overlay + ": the NetworkPolicy admits nothing");
        for (Map<String, Object> rule : ingress) {
            List<Map<String, Object>> ports = maps(rule, "ports");
            assertFalse(ports.isEmpty(), overlay + ": an ingress rule open on every port");
            for (Map<String, Object> port : ports) {
                assertEquals(
                        httpPort,
                        containerPortNumber(container, port.get("port")),
                        overlay + ": ingress must be limited to the HTTP port");
            }
        }
        Set<Object> egressPorts = maps(map(policy, "spec"), "egress").stream()
                .flatMap(rule -> maps(rule, "ports").stream())
                .map(port -> port.get("port"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(5432, 6379, 53), egressPorts, overlay + ": egress is Postgres, Redis and DNS only");
    }

    @Test
    void imageExposesAndPrometheusScrapesTheHttpPort() throws IOException {
        Rendered rendered = render("overlays/prod");
        int httpPort = quarkusHttpPort(rendered);
        String dockerfile = Files.readString(DOCKERFILE);

        Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)").matcher(dockerfile);
        assertTrue(expose.find(), DOCKERFILE + " exposes no port");
        assertEquals(httpPort, Integer.parseInt(expose.group(1)), DOCKERFILE + " EXPOSE vs QUARKUS_HTTP_PORT");

        Map<String, Object> annotations = map(map(podTemplate(rendered), "metadata"), "annotations");
        if (annotations.containsKey("prometheus.io/port")) {
            assertEquals(String.valueOf(httpPort), annotations.get("prometheus.io/port"));
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
        }
    }

    // ---- environment --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyEnvironmentVariableTheManifestsSetIsOneTheServiceReads(String overlay) {
        Rendered rendered = render(overlay);
        ServiceConfiguration configuration = ServiceConfiguration.load();

        Map<String, String> unknown = new LinkedHashMap<>();
        environmentSetForTheService(rendered).forEach((variable, origin) -> {
            if (!configuration.reads(variable)) {
                unknown.put(variable, origin);
            }
        });
        assertTrue(
                unknown.isEmpty(),
                overlay + " sets variables the service does not read: " + unknown
                        + ". A variable is read when " + APPLICATION_PROPERTIES + " refers to it as ${NAME} or has the"
                        + " property it maps to (quarkus.x.y for QUARKUS_X_Y, with or without %prod.), or when it is one"
                        + " of the contract's variables and a @ConfigMapping/@ConfigProperty under " + JAVA_SOURCES
                        + " maps to it. Drop it from the manifests or make the service read it.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everyContractVariableReachesTheServiceAndEveryReferencedKeyExists(String overlay) {
        Rendered rendered = render(overlay);
        Set<String> provided = environmentProvidedToTheService(rendered);
        Set<String> missing = new TreeSet<>(CONTRACT_VARIABLES);
        missing.removeAll(provided);
        assertTrue(missing.isEmpty(), overlay + " leaves the service without " + missing);

        for (Map<String, Object> variable : maps(serviceContainer(rendered), "env")) {
            Map<String, Object> source = map(variable, "valueFrom");
            Map<String, Object> configMapKey = map(source, "configMapKeyRef");
            if (!configMapKey.isEmpty()) {
                assertTrue(
                        map(rendered.named("ConfigMap", (String) configMapKey.get("name")), "data")
                                .containsKey(configMapKey.get("key")),
                        overlay + ": no ConfigMap key " + configMapKey);
            }
            Map<String, Object> secretKey = map(source, "secretKeyRef");
            if (!secretKey.isEmpty()) {
                assertEquals(SECRET, secretKey.get("name"), overlay + ": secrets come from " + SECRET);
                rendered.find("Secret", SECRET)
                        .ifPresent(secret -> assertTrue(
                                map(secret, "data").containsKey(secretKey.get("key")),
                                overlay + ": " + SECRET + " lacks the key " + secretKey.get("key")));
            }
        }
    }

    @Test
    void devDatasourceAndRedisPointAtTheOverlaysOwnPostgresAndRedis() {
        Rendered rendered = render("overlays/dev");
        Map<String, Object> config = map(rendered.named("ConfigMap", "chat-continuity-config"), "data");

        URI postgres = URI.create((String) config.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
        assertServiceListens(rendered, postgres.getHost(), postgres.getPort());
        Map<String, String> postgresEnv =
                plainEnvironment(firstContainer(rendered.named("StatefulSet", postgres.getHost())));
        assertEquals("/" + postgresEnv.get("POSTGRES_DB"), postgres.getPath(), "dev database name");

        URI redis = URI.create((String) config.get("QUARKUS_REDIS_HOSTS"));
        assertServiceListens(rendered, redis.getHost(), redis.getPort());
    }

    // ---- hardening ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void serviceRunsAsTheImagesNonRootUserOnAReadOnlyRootFilesystem(String overlay) throws IOException {
        Rendered rendered = render(overlay);
        Map<String, Object> pod = map(podTemplate(rendered), "spec");
        Map<String, Object> podSecurity = map(pod, "securityContext");
        Map<String, Object> container = serviceContainer(rendered);
        Map<String, Object> security = map(container, "securityContext");

        assertEquals(
                true,
                security.getOrDefault("runAsNonRoot", podSecurity.get("runAsNonRoot")),
                overlay + ": runAsNonRoot");
        assertEquals(
                imageUid(),
                security.getOrDefault("runAsUser", podSecurity.get("runAsUser")),
                overlay + ": runAsUser must be the uid " + DOCKERFILE + " switches to");
        assertEquals(true, security.get("readOnlyRootFilesystem"), overlay + ": readOnlyRootFilesystem");
        assertEquals(false, security.get("allowPrivilegeEscalation"), overlay + ": allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), map(security, "capabilities").get("drop"), overlay + ": capabilities.drop");
        assertEquals(
                "RuntimeDefault",
                map(security.containsKey("seccompProfile") ? security : podSecurity, "seccompProfile")
                        .get("type"),
                overlay + ": seccompProfile");

        String tmpVolume = maps(container, "volumeMounts").stream()
                .filter(mount -> "/tmp".equals(mount.get("mountPath")))
                .map(mount -> (String) mount.get("name"))
                .findFirst()
                .orElseGet(() -> fail(overlay + ": nothing writable is mounted at /tmp"));
        assertTrue(
                maps(pod, "volumes").stream()
                        .anyMatch(volume -> tmpVolume.equals(volume.get("name")) && volume.containsKey("emptyDir")),
                overlay + ": /tmp must be an emptyDir");

        assertEquals(false, pod.get("automountServiceAccountToken"), "the pod needs no API token");
        assertEquals(
                false,
                rendered.named("ServiceAccount", (String) pod.get("serviceAccountName"))
                        .get("automountServiceAccountToken"),
                "the ServiceAccount needs no API token");
        assertTrue(
                map(container, "resources").keySet().containsAll(Set.of("requests", "limits")),
                overlay + ": resources need requests and limits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void terminationGraceOutlastsThePreStopSleepAndTheQuarkusShutdown(String overlay) {
        Rendered rendered = render(overlay);
        Map<String, Object> pod = map(podTemplate(rendered), "spec");
        Map<String, Object> preStop = map(map(serviceContainer(rendered), "lifecycle"), "preStop");
        assertTrue(
                preStop.containsKey("sleep"),
                overlay + ": preStop must be the native sleep action (the image guarantees no shell)");
        Duration preStopSleep =
                Duration.ofSeconds(((Number) map(preStop, "sleep").get("seconds")).longValue());
        assertTrue(preStopSleep.toSeconds() > 0, overlay + ": preStop sleeps for nothing");

        ServiceConfiguration configuration = ServiceConfiguration.loadIfPresent();
        Map<String, String> environment = plainEnvironment(serviceContainer(rendered));
        Duration shutdownDelay = configuration.shutdownDelay(environment);
        Duration shutdownTimeout = configuration.shutdownTimeout(environment).orElse(ASSUMED_SHUTDOWN_TIMEOUT);
        Duration grace = Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue());

        Duration needed = preStopSleep.plus(shutdownDelay).plus(shutdownTimeout);
        assertTrue(
                grace.compareTo(needed) > 0,
                overlay + ": terminationGracePeriodSeconds " + grace.toSeconds()
                        + " s must exceed preStop sleep " + preStopSleep.toSeconds() + " s + quarkus.shutdown.delay "
                        + shutdownDelay.toSeconds() + " s + quarkus.shutdown.timeout " + shutdownTimeout.toSeconds()
                        + " s");
    }

    // ---- scaling and disruption ----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void autoscalerTargetsTheDeploymentAndOwnsItsReplicaCount(String overlay) {
        Rendered rendered = render(overlay);
        Map<String, Object> deployment = rendered.named("Deployment", SERVICE);
        Map<String, Object> autoscaler = rendered.named("HorizontalPodAutoscaler", SERVICE);
        Map<String, Object> spec = map(autoscaler, "spec");
        Map<String, Object> target = map(spec, "scaleTargetRef");

        assertEquals("autoscaling/v2", autoscaler.get("apiVersion"));
        assertEquals("apps/v1", target.get("apiVersion"));
        assertEquals("Deployment", target.get("kind"));
        assertEquals(name(deployment), target.get("name"), overlay + ": the HPA scales another workload");
        assertFalse(
                map(deployment, "spec").containsKey("replicas"),
                overlay + ": with an HPA, spec.replicas would reset the scaled-out count on every apply");
        assertTrue(((Number) spec.get("minReplicas")).intValue() <= ((Number) spec.get("maxReplicas")).intValue());
        assertTrue(
                maps(spec, "metrics").stream()
                        .anyMatch(metric -> "cpu".equals(map(metric, "resource").get("name"))),
                "scales on CPU");
    }

    @Test
    void devRunsOneInstanceAndProdAtLeastThree() {
        assertEquals(
                1,
                map(render("overlays/dev").named("HorizontalPodAutoscaler", SERVICE), "spec")
                        .get("minReplicas"));
        Map<String, Object> prod = map(render("overlays/prod").named("HorizontalPodAutoscaler", SERVICE), "spec");
        assertEquals(3, prod.get("minReplicas"));
        assertEquals(20, prod.get("maxReplicas"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/dev", "overlays/prod"})
    void everySelectorPicksExactlyTheServicesPods(String overlay) {
        Rendered rendered = render(overlay);
        Map<String, Object> podLabels = map(map(podTemplate(rendered), "metadata"), "labels");
        Map<String, Map<String, Object>> selectors = new LinkedHashMap<>();
        selectors.put(
                "Deployment selector",
                map(map(map(rendered.named("Deployment", SERVICE), "spec"), "selector"), "matchLabels"));
        selectors.put(
                "PodDisruptionBudget selector",
                map(map(map(rendered.named("PodDisruptionBudget", SERVICE), "spec"), "selector"), "matchLabels"));
        selectors.put("Service selector", map(map(rendered.named("Service", SERVICE), "spec"), "selector"));
        selectors.put(
                "NetworkPolicy podSelector",
                map(map(map(rendered.named("NetworkPolicy", SERVICE), "spec"), "podSelector"), "matchLabels"));
        List<Map<String, Object>> spread = maps(map(podTemplate(rendered), "spec"), "topologySpreadConstraints");
        assertTrue(
                spread.stream()
                        .map(constraint -> constraint.get("topologyKey"))
                        .collect(Collectors.toSet())
                        .containsAll(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname")),
                overlay + ": pods must spread across zones and nodes");
        for (Map<String, Object> constraint : spread) {
            selectors.put(
                    "topologySpreadConstraint " + constraint.get("topologyKey"),
                    map(map(constraint, "labelSelector"), "matchLabels"));
        }

        List<Map<String, Object>> otherPods = rendered.resources().stream()
                .filter(resource -> !(SERVICE.equals(name(resource)) && "Deployment".equals(resource.get("kind"))))
                .filter(resource -> map(resource, "spec").containsKey("template"))
                .map(resource -> map(map(map(resource, "spec"), "template"), "metadata"))
                .map(metadata -> map(metadata, "labels"))
                .toList();
        selectors.forEach((what, selector) -> {
            assertFalse(selector.isEmpty(), overlay + ": empty " + what);
            assertTrue(
                    podLabels.entrySet().containsAll(selector.entrySet()),
                    overlay + ": " + what + " " + selector + " does not match the pod labels " + podLabels);
            for (Map<String, Object> other : otherPods) {
                assertFalse(
                        other.entrySet().containsAll(selector.entrySet()),
                        overlay + ": " + what + " also matches other pods " + other);
            }
        });
    }

    // ---- helpers: the service's workload ---------------------------------------------------------------------------

    private static Map<String, Object> podTemplate(Rendered rendered) {
        return map(map(rendered.named("Deployment", SERVICE), "spec"), "template");
    }

    private static Map<String, Object> serviceContainer(Rendered rendered) {
        return maps(map(podTemplate(rendered), "spec"), "containers").stream()
                .filter(container -> SERVICE.equals(container.get("name")))
                .findFirst()
                .orElseGet(() -> fail("no container named " + SERVICE));
    }

    private static Map<String, Object> firstContainer(Map<String, Object> workload) {
        return maps(map(map(map(workload, "spec"), "template"), "spec"), "containers")
                .get(0);
    }

    private static int quarkusHttpPort(Rendered rendered) {
        Object port = plainEnvironmentOfTheService(rendered).get("QUARKUS_HTTP_PORT");
        assertNotNull(port, "the service gets no QUARKUS_HTTP_PORT");
        return Integer.parseInt(port.toString());
    }

    /** The number of the container port that a probe, Service or NetworkPolicy names, by name or by number. */
    private static int containerPortNumber(Map<String, Object> container, Object reference) {
        for (Map<String, Object> port : maps(container, "ports")) {
            if (reference.equals(port.get("name")) || reference.equals(port.get("containerPort"))) {
                return ((Number) port.get("containerPort")).intValue();
            }
        }
        return fail("port " + reference + " is not a declared container port of " + container.get("name"));
    }

    /** Every variable the service gets, with where it comes from, including every key of its Secret. */
    private static Map<String, String> environmentSetForTheService(Rendered rendered) {
        Map<String, Object> container = serviceContainer(rendered);
        Map<String, String> variables = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        for (Map<String, Object> source : maps(container, "envFrom")) {
            String prefix = (String) source.getOrDefault("prefix", "");
            Map<String, Object> configMapRef = map(source, "configMapRef");
            if (!configMapRef.isEmpty()) {
                String name = (String) configMapRef.get("name");
                map(rendered.named("ConfigMap", name), "data")
                        .keySet()
                        .forEach(key -> variables.put(prefix + key, "ConfigMap " + name));
            }
            Map<String, Object> secretRef = map(source, "secretRef");
            if (!secretRef.isEmpty()) {
                secrets.add((String) secretRef.get("name"));
            }
        }
        for (Map<String, Object> variable : maps(container, "env")) {
            variables.put((String) variable.get("name"), "env of container " + SERVICE);
            Map<String, Object> secretKey = map(map(variable, "valueFrom"), "secretKeyRef");
            if (!secretKey.isEmpty()) {
                secrets.add((String) secretKey.get("name"));
            }
        }
        for (String secret : secrets) {
            rendered.find("Secret", secret)
                    .ifPresent(found ->
                            map(found, "data").keySet().forEach(key -> variables.putIfAbsent(key, "Secret " + secret)));
        }
        return variables;
    }

    /** The variable names that reach the service's process (ConfigMap keys via envFrom, and env entries). */
    private static Set<String> environmentProvidedToTheService(Rendered rendered) {
        Map<String, Object> container = serviceContainer(rendered);
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> source : maps(container, "envFrom")) {
            Map<String, Object> configMapRef = map(source, "configMapRef");
            if (!configMapRef.isEmpty()) {
                map(rendered.named("ConfigMap", (String) configMapRef.get("name")), "data")
                        .keySet()
                        .forEach(key -> names.add(source.getOrDefault("prefix", "") + key));
            }
        }
        maps(container, "env").forEach(variable -> names.add((String) variable.get("name")));
        return names;
    }

    /** The literal values the service gets: ConfigMap data via envFrom, then plain env values (which win). */
    private static Map<String, String> plainEnvironmentOfTheService(Rendered rendered) {
        Map<String, Object> container = serviceContainer(rendered);
        Map<String, String> values = new HashMap<>();
        for (Map<String, Object> source : maps(container, "envFrom")) {
            Map<String, Object> configMapRef = map(source, "configMapRef");
            if (!configMapRef.isEmpty()) {
                map(rendered.named("ConfigMap", (String) configMapRef.get("name")), "data")
                        .forEach((key, value) ->
                                values.put(source.getOrDefault("prefix", "") + key, String.valueOf(value)));
            }
        }
        values.putAll(plainEnvironment(container));
        return values;
    }

    private static Map<String, String> plainEnvironment(Map<String, Object> container) {
        Map<String, String> values = new HashMap<>();
        for (Map<String, Object> variable : maps(container, "env")) {
            if (variable.containsKey("value")) {
                values.put((String) variable.get("name"), String.valueOf(variable.get("value")));
            }
        }
        return values;
    }

    private static void assertServiceListens(Rendered rendered, String host, int port) {
        Map<String, Object> service = rendered.find("Service", host)
                .orElseGet(() -> fail("no Service named " + host + " in the dev overlay"));
        assertTrue(
                maps(map(service, "spec"), "ports").stream()
                        .anyMatch(servicePort -> Integer.valueOf(port).equals(servicePort.get("port"))),
                "Service " + host + " does not listen on " + port);
    }

    private static int imageUid() throws IOException {
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(Files.readString(DOCKERFILE));
        assertTrue(user.find(), DOCKERFILE + " must switch to a numeric non-root USER");
        int uid = Integer.parseInt(user.group(1));
        assertTrue(uid > 0, DOCKERFILE + " runs as root");
        return uid;
    }

    // ---- helpers: what the service reads ---------------------------------------------------------------------------

    /** The service's configuration surface: application.properties and the config mappings in its Java sources. */
    private record ServiceConfiguration(
            Map<String, String> properties,
            Set<String> referencedVariables,
            Set<String> propertiesAsVariables,
            Set<String> javaPropertiesAsVariables,
            String javaSources) {

        private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?=[:}])");
        private static final Pattern PROFILE = Pattern.compile("^%([^.]+)\\.(.+)$");

        static ServiceConfiguration load() {
            assertTrue(
                    Files.isRegularFile(APPLICATION_PROPERTIES),
                    APPLICATION_PROPERTIES.toAbsolutePath()
                            + " is missing: the manifests cannot be checked against what the service reads");
            return loadIfPresent();
        }

        static ServiceConfiguration loadIfPresent() {
            Properties loaded = new Properties();
            if (Files.isRegularFile(APPLICATION_PROPERTIES)) {
                try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES, StandardCharsets.UTF_8)) {
                    loaded.load(reader);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Map<String, String> prodProperties = new HashMap<>();
            Set<String> referenced = new TreeSet<>();
            for (String key : loaded.stringPropertyNames()) {
                String value = loaded.getProperty(key);
                Matcher reference = VARIABLE_REFERENCE.matcher(value);
                while (reference.find()) {
                    referenced.add(reference.group(1));
                }
                Matcher profile = PROFILE.matcher(key);
                if (!profile.matches()) {
                    prodProperties.putIfAbsent(key, value);
                } else if (Set.of(profile.group(1).split(",")).contains("prod")) {
                    prodProperties.put(profile.group(2), value);
                }
            }
            Set<String> propertiesAsVariables = prodProperties.keySet().stream()
                    .map(ServiceConfiguration::asVariable)
                    .collect(Collectors.toSet());

            StringBuilder sources = new StringBuilder();
            if (Files.isDirectory(JAVA_SOURCES)) {
                try (Stream<Path> files = Files.walk(JAVA_SOURCES)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                            .sorted()
                            .toList()) {
                        sources.append(withoutComments(Files.readString(file))).append('\n');
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Set<String> javaProperties = ConfigMappings.propertyNames(sources.toString());
            return new ServiceConfiguration(
                    prodProperties,
                    referenced,
                    propertiesAsVariables,
                    javaProperties.stream()
                            .map(ServiceConfiguration::asVariable)
                            .collect(Collectors.toSet()),
                    sources.toString());
        }

        boolean reads(String variable) {
            if (referencedVariables.contains(variable) || propertiesAsVariables.contains(variable)) {
                return true;
            }
            return CONTRACT_VARIABLES.contains(variable)
                    && (javaPropertiesAsVariables.contains(variable) || javaSources.contains('"' + variable + '"'));
        }

        /** quarkus.shutdown.timeout as the prod profile sees it, an environment override included. */
        Optional<Duration> shutdownTimeout(Map<String, String> environment) {
            return effective("quarkus.shutdown.timeout", environment).map(ServiceConfiguration::duration);
        }

        /** quarkus.shutdown.delay, which only applies when the build-time delay-enabled switch is on. */
        Duration shutdownDelay(Map<String, String> environment) {
            boolean enabled = Optional.ofNullable(properties.get("quarkus.shutdown.delay-enabled"))
                    .map(value -> Boolean.parseBoolean(resolved(value).trim()))
                    .orElse(false);
            if (!enabled) {
                return Duration.ZERO;
            }
            return effective("quarkus.shutdown.delay", environment)
                    .map(ServiceConfiguration::duration)
                    .orElse(Duration.ZERO);
        }

        private Optional<String> effective(String property, Map<String, String> environment) {
            String override = environment.get(asVariable(property));
            if (override != null) {
                return Optional.of(override);
            }
            return Optional.ofNullable(properties.get(property))
                    .map(value -> resolved(value).trim())
                    .filter(value -> !value.isEmpty());
        }

        /** ${NAME:default} resolves to its default, ${NAME} to nothing: the check is about what the file promises. */
        private static String resolved(String value) {
            Matcher expression = Pattern.compile("^\\$\\{[^:}]+(?::(.*))?}$").matcher(value.trim());
            return expression.matches()
                    ? Optional.ofNullable(expression.group(1)).orElse("")
                    : value;
        }

        /** Quarkus's duration syntax: 20 (seconds), 500ms, 20s, 1m, 2h, 1d, or ISO-8601. */
        static Duration duration(String value) {
            String text = value.trim();
            if (text.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            if (text.matches("\\d+ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.matches("\\d+[hmsHMS]")) {
                return Duration.parse("PT" + text);
            }
            if (text.matches("\\d+[dD]")) {
                return Duration.parse("P" + text);
            }
            return Duration.parse(text);
        }

        /** The environment variable SmallRye Config maps to a property: non-alphanumerics to _, upper case. */
        static String asVariable(String property) {
            return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
        }

        private static String withoutComments(String source) {
            return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", "");
        }
    }

    /** Property names declared by @ConfigProperty and by @ConfigMapping interfaces (nested groups included). */
    private static final class ConfigMappings {

        private static final Pattern CONFIG_PROPERTY =
                Pattern.compile("@ConfigProperty\\s*\\([^)]*?name\\s*=\\s*\"([^\"]+)\"");
        private static final Pattern CONFIG_MAPPING = Pattern.compile(
                "@ConfigMapping\\s*\\([^)]*?prefix\\s*=\\s*\"([^\"]*)\"[^)]*\\)[^{;]*?interface\\s+(\\w+)");
        private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
        /** An abstract, parameterless member: its annotations, its return type and its name. */
        private static final Pattern MEMBER = Pattern.compile("((?:@[\\w.]+(?:\\s*\\([^)]*\\))?\\s*)*)"
                + "([\\w.]+(?:\\s*<[^;(){}]*>)?(?:\\[])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");

        private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"");
        private static final int MAX_NESTING = 6;

        static Set<String> propertyNames(String sources) {
            Set<String> names = new TreeSet<>();
            Matcher property = CONFIG_PROPERTY.matcher(sources);
            while (property.find()) {
                names.add(property.group(1));
            }
            Map<String, String> interfaceMembers = interfaceMembers(sources);
            Matcher mapping = CONFIG_MAPPING.matcher(sources);
            while (mapping.find()) {
                collect(mapping.group(1), interfaceMembers.get(mapping.group(2)), interfaceMembers, names, 0);
            }
            return names;
        }

        private static void collect(
                String prefix, String members, Map<String, String> interfaces, Set<String> names, int depth) {
            if (members == null || depth > MAX_NESTING) {
                return;
            }
            Matcher member = MEMBER.matcher(members);
            while (member.find()) {
                String annotations = member.group(1);
                Matcher withName = WITH_NAME.matcher(annotations);
                String segment = annotations.contains("@WithParentName")
                        ? ""
                        : withName.find() ? withName.group(1) : kebab(member.group(3));
                String name = prefix.isEmpty() ? segment : segment.isEmpty() ? prefix : prefix + "." + segment;
                String type = elementType(member.group(2));
                if (interfaces.containsKey(type)) {
                    collect(name, interfaces.get(type), interfaces, names, depth + 1);
                } else {
                    names.add(name);
                }
            }
        }

        /** Each interface's own members, with the bodies of nested types and default methods blanked out. */
        private static Map<String, String> interfaceMembers(String sources) {
            Map<String, String> members = new HashMap<>();
            Matcher declaration = INTERFACE.matcher(sources);
            while (declaration.find()) {
                int open = declaration.end() - 1;
                int close = matchingBrace(sources, open);
                members.putIfAbsent(declaration.group(1), topLevelOnly(sources.substring(open + 1, close)));
            }
            return members;
        }

        private static int matchingBrace(String text, int open) {
            int depth = 0;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
            }
            return text.length();
        }

        private static String topLevelOnly(String body) {
            StringBuilder kept = new StringBuilder();
            int depth = 0;
            for (char c : body.toCharArray()) {
                if (c == '{') {
                    depth++;
                    kept.append(';');
                } else if (c == '}') {
                    depth--;
                } else if (depth == 0) {
                    kept.append(c);
                }
            }
            return kept.toString();
        }

        private static String elementType(String type) {
            Matcher generic = Pattern.compile("^(?:[\\w.]+\\.)?(?:Optional|List|Set)\\s*<\\s*([\\w.]+)\\s*>$")
                    .matcher(type.trim());
            String element = generic.matches() ? generic.group(1) : type.trim();
            return element.substring(element.lastIndexOf('.') + 1);
        }

        private static String kebab(String method) {
            return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }
    }

    // ---- helpers: rendering the overlays without kubectl -----------------------------------------------------------

    private record Rendered(List<Map<String, Object>> resources) {

        List<Map<String, Object>> ofKind(String kind) {
            return resources.stream()
                    .filter(resource -> kind.equals(resource.get("kind")))
                    .toList();
        }

        Optional<Map<String, Object>> find(String kind, String name) {
            return ofKind(kind).stream()
                    .filter(resource -> name.equals(name(resource)))
                    .findFirst();
        }

        Map<String, Object> named(String kind, String name) {
            return find(kind, name).orElseGet(() -> fail("no " + kind + " named " + name));
        }
    }

    private static final Set<String> SUPPORTED_KUSTOMIZATION_FIELDS = Set.of(
            "apiVersion",
            "kind",
            "namespace",
            "resources",
            "patches",
            "labels",
            "configMapGenerator",
            "secretGenerator",
            "images");

    /**
     * What {@code kubectl kustomize k8s/<directory>} renders, for the features k8s/ uses: resources, strategic-merge
     * patches by file, labels (never on selectors), ConfigMap and Secret generators, namespace and images. Name hash
     * suffixes are left out, which keeps references and names equal as kustomize does. Secret values stay plain text.
     */
    private static Rendered render(String directory) {
        return new Rendered(renderKustomization(K8S.resolve(directory)));
    }

    private static List<Map<String, Object>> renderKustomization(Path directory) {
        Map<String, Object> kustomization =
                readDocuments(directory.resolve("kustomization.yaml")).get(0);
        Set<String> unsupported = new TreeSet<>(kustomization.keySet());
        unsupported.removeAll(SUPPORTED_KUSTOMIZATION_FIELDS);
        assertTrue(
                unsupported.isEmpty(),
                directory + " uses kustomize fields this test cannot render: " + unsupported
                        + "; teach KubernetesManifestsTest.renderKustomization about them");

        List<Map<String, Object>> own = new ArrayList<>();
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : list(kustomization, "resources")) {
            Path path = directory.resolve((String) entry).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(renderKustomization(path));
            } else {
                own.addAll(readDocuments(path));
            }
        }
        generate(directory, kustomization, "configMapGenerator", "ConfigMap", resources, own);
        generate(directory, kustomization, "secretGenerator", "Secret", resources, own);

        for (Object labelsEntry : list(kustomization, "labels")) {
            Map<String, Object> labels = asMap(labelsEntry);
            assertFalse(
                    Boolean.TRUE.equals(labels.get("includeSelectors")),
                    directory + ": labels on selectors are not rendered by this test; write selectors out instead");
            Map<String, Object> pairs = map(labels, "pairs");
            for (Map<String, Object> resource : own) {
                metadataLabels(resource).putAll(pairs);
                Map<String, Object> spec = map(resource, "spec");
                if (Boolean.TRUE.equals(labels.get("includeTemplates")) && spec.containsKey("template")) {
                    metadataLabels(map(spec, "template")).putAll(pairs);
                }
            }
        }
        resources.addAll(own);

        for (Object patchEntry : list(kustomization, "patches")) {
            Map<String, Object> patch = asMap(patchEntry);
            assertEquals(Set.of("path"), patch.keySet(), directory + ": only patches by path are rendered here");
            for (Map<String, Object> document : readDocuments(directory.resolve((String) patch.get("path")))) {
                Map<String, Object> target = resources.stream()
                        .filter(resource -> resource.get("kind").equals(document.get("kind"))
                                && name(resource).equals(name(document)))
                        .findFirst()
                        .orElseGet(() -> fail(directory + ": patch " + patch + " matches nothing"));
                mergeInto(target, document);
            }
        }
        for (Object imageEntry : list(kustomization, "images")) {
            Map<String, Object> image = asMap(imageEntry);
            for (Map<String, Object> resource : resources) {
                for (Map<String, Object> container :
                        maps(map(map(map(resource, "spec"), "template"), "spec"), "containers")) {
                    if (image.get("name").equals(imageName((String) container.get("image")))) {
                        container.put(
                                "image",
                                image.getOrDefault("newName", image.get("name"))
                                        + (image.containsKey("newTag") ? ":" + image.get("newTag") : ""));
                    }
                }
            }
        }
        if (kustomization.containsKey("namespace")) {
            resources.stream()
                    .filter(resource -> !"Namespace".equals(resource.get("kind")))
                    .forEach(resource -> child(resource, "metadata").put("namespace", kustomization.get("namespace")));
        }
        return resources;
    }

    private static void generate(
            Path directory,
            Map<String, Object> kustomization,
            String field,
            String kind,
            List<Map<String, Object>> inherited,
            List<Map<String, Object>> own) {
        for (Object generatorEntry : list(kustomization, field)) {
            Map<String, Object> generator = asMap(generatorEntry);
            Set<String> unsupported = new TreeSet<>(generator.keySet());
            unsupported.removeAll(Set.of("name", "behavior", "literals", "envs"));
            assertTrue(unsupported.isEmpty(), directory + ": " + field + " fields not rendered here: " + unsupported);

            Map<String, Object> data = new LinkedHashMap<>();
            for (Object literal : list(generator, "literals")) {
                putKeyValue(data, (String) literal);
            }
            for (Object envFile : list(generator, "envs")) {
                try {
                    for (String line : Files.readAllLines(directory.resolve((String) envFile))) {
                        if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                            putKeyValue(data, line);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            String name = (String) generator.get("name");
            String behavior = (String) generator.getOrDefault("behavior", "create");
            if (behavior.equals("create")) {
                Map<String, Object> generated = new LinkedHashMap<>();
                generated.put("apiVersion", "v1");
                generated.put("kind", kind);
                generated.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
                generated.put("data", data);
                own.add(generated);
            } else {
                Map<String, Object> existing = inherited.stream()
                        .filter(resource -> kind.equals(resource.get("kind")) && name.equals(name(resource)))
                        .findFirst()
                        .orElseGet(() -> fail(directory + ": " + behavior + " of unknown " + name));
                if (behavior.equals("replace")) {
                    existing.put("data", data);
                } else {
                    child(existing, "data").putAll(data);
                }
            }
        }
    }

    /** An image reference without its tag or digest, which is what kustomize's images field matches. */
    private static String imageName(String image) {
        String withoutDigest = image.split("@", 2)[0];
        int tag = withoutDigest.lastIndexOf(':');
        return tag > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, tag) : withoutDigest;
    }

    private static void putKeyValue(Map<String, Object> data, String keyValue) {
        int equals = keyValue.indexOf('=');
        assertTrue(equals > 0, "not KEY=value: " + keyValue);
        data.put(keyValue.substring(0, equals).trim(), keyValue.substring(equals + 1));
    }

    /** Strategic merge as kustomize applies it to these kinds: maps merge, lists of named maps merge by name. */
    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            Object current = target.get(key);
            if (value instanceof Map<?, ?> patchMap && current instanceof Map<?, ?> currentMap) {
                mergeInto((Map<String, Object>) currentMap, (Map<String, Object>) patchMap);
            } else if (value instanceof List<?> patchList
                    && current instanceof List<?> currentList
                    && isNamedList(patchList)
                    && isNamedList(currentList)) {
                List<Object> merged = new ArrayList<>(currentList);
                for (Object element : patchList) {
                    Map<String, Object> patchElement = (Map<String, Object>) element;
                    merged.stream()
                            .map(existing -> (Map<String, Object>) existing)
                            .filter(existing -> existing.get("name").equals(patchElement.get("name")))
                            .findFirst()
                            .ifPresentOrElse(
                                    existing -> mergeInto(existing, patchElement), () -> merged.add(patchElement));
                }
                target.put(key, merged);
            } else {
                target.put(key, value);
            }
        });
    }

    private static boolean isNamedList(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(e -> e instanceof Map<?, ?> m && m.containsKey("name"));
    }

    // ---- helpers: YAML ---------------------------------------------------------------------------------------------

    private static List<Path> yamlFilesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file ->
                            file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    private static List<Map<String, Object>> readDocuments(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> iterator = YAML.readValues(file.toFile())) {
            while (iterator.hasNext()) {
                Map<String, Object> document = iterator.next();
                if (document != null) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return documents;
    }

    private static String name(Map<String, Object> resource) {
        return (String) map(resource, "metadata").get("name");
    }

    private static Map<String, Object> metadataLabels(Map<String, Object> resource) {
        return child(child(resource, "metadata"), "labels");
    }

    /** A nested map to read, or an empty one when it is absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> found ? (Map<String, Object>) found : Map.of();
    }

    /** A nested map to write into, created when absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.computeIfAbsent(key, absent -> new LinkedHashMap<String, Object>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        return parent.get(key) instanceof List<?> found ? found : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) list(parent, key);
    }
}
