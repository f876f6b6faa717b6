#!/usr/bin/env python3
"""The rules k8s/ must keep, checked with PyYAML.

    k8s-rules.py files K8S_DIR                       every file's own rules (no kustomize needed)
    k8s-rules.py rendered OVERLAY FILE DOCKERFILE     the rules of an overlay as `kustomize build` rendered it

What only the service's code knows (its port, health paths, configuration names, shutdown timing) is checked by
src/test/java/io/chatcontinuity/ops/KubernetesManifestsTest. Prints one line per finding; exits 1 on any.
"""
import base64
import pathlib
import re
import sys
from urllib.parse import urlparse

import yaml

SERVICE = "chat-continuity"
SECRET = "chat-continuity-secrets"
DEV_ONLY_MARKER = "dev-only"
# What the service cannot start without in production (see k8s/overlays/prod/README.md).
CONTRACT_VARIABLES = {
    "QUARKUS_HTTP_PORT", "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_USERNAME",
    "QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_REDIS_HOSTS", "CHAT_ADMIN_TOKEN", "CHAT_TOKEN_KEYS",
    "CHAT_TOKEN_ACTIVE_KID",
}
# Liveness must not follow readiness: a pod whose Redis is down would be restarted instead of taken out of rotation.
PROBE_PATHS = {
    "startupProbe": "/q/health/started",
    "livenessProbe": "/q/health/live",
    "readinessProbe": "/q/health/ready",
}
# Per overlay: the HPA's floor and ceiling the prod README promises.
REPLICAS = {"dev": (1, None), "prod": (3, 20)}

findings = []


def check(condition, message):
    if not condition:
        findings.append(message)
    return condition


def documents(path):
    with open(path, encoding="utf-8") as stream:
        return [document for document in yaml.safe_load_all(stream) if document is not None]


def generator_values(directory, generator):
    """KEY=value pairs of a configMapGenerator or secretGenerator entry (literals and env files)."""
    lines = list(generator.get("literals") or [])
    for env_file in generator.get("envs") or []:
        lines += [line for line in (directory / env_file).read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.lstrip().startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def check_files(k8s):
    files = sorted(list(k8s.rglob("*.yaml")) + list(k8s.rglob("*.yml")))
    check(files, f"no YAML under {k8s}")
    for file in files:
        try:
            docs = documents(file)
        except yaml.YAMLError as error:
            check(False, f"{file}: not YAML: {error}")
            continue
        check(docs, f"{file}: holds no document")
        for doc in docs:
            check(isinstance(doc, dict) and "apiVersion" in doc and "kind" in doc,
                  f"{file}: a document without apiVersion or kind")
            if file.is_relative_to(k8s / "base"):
                if doc.get("kind") == "Secret":
                    check(not doc.get("data") and not doc.get("stringData"),
                          f"{file}: commits Secret values; the base only refers to {SECRET}")
                if doc.get("kind") == "Kustomization":
                    check("secretGenerator" not in doc, f"{file}: generates a Secret; the base only refers to {SECRET}")
    for kustomization in k8s.rglob("kustomization.yaml"):
        doc = documents(kustomization)[0]
        for generator in doc.get("secretGenerator") or []:
            for key, value in generator_values(kustomization.parent, generator).items():
                check(DEV_ONLY_MARKER in value,
                      f"{kustomization}: commits {key} without the '{DEV_ONLY_MARKER}' marker: only obvious "
                      "placeholders may be committed, real secrets are created out of band")
        if kustomization.parent.name == "prod":
            check("secretGenerator" not in doc, f"{kustomization}: prod expects {SECRET} created out of band")


def check_rendered(overlay, rendered, dockerfile):
    resources = documents(rendered)

    def find(kind, name):
        return next((r for r in resources if r["kind"] == kind and r["metadata"]["name"] == name), None)

    def named(kind, name):
        found = find(kind, name)
        if found is None:
            raise SystemExit(f"{overlay}: no {kind} named {name}")
        return found

    where = f"{overlay}:"
    deployment = named("Deployment", SERVICE)
    template = deployment["spec"]["template"]
    pod = template["spec"]
    container = next(c for c in pod["containers"] if c["name"] == SERVICE)

    # What reaches the service's process: ConfigMap keys through envFrom, then env entries (which win).
    config_maps = [named("ConfigMap", source["configMapRef"]["name"])
                   for source in container.get("envFrom") or [] if "configMapRef" in source]
    values = {key: str(value) for config_map in config_maps for key, value in (config_map.get("data") or {}).items()}
    values.update({e["name"]: str(e["value"]) for e in container.get("env") or [] if "value" in e})
    provided = set(values) | {e["name"] for e in container.get("env") or []}
    check(CONTRACT_VARIABLES <= provided, f"{where} leaves the service without {sorted(CONTRACT_VARIABLES - provided)}")

    if overlay == "prod":
        check(not [r for r in resources if r["kind"] == "Secret"], f"{where} ships a Secret; prod expects {SECRET}")
    for candidate in (r for r in resources if r["kind"] == "Secret"):
        for key, value in (candidate.get("data") or {}).items():
            check(DEV_ONLY_MARKER in base64.b64decode(value).decode("utf-8", "replace"),
                  f"{where} Secret {candidate['metadata']['name']} commits {key} without '{DEV_ONLY_MARKER}'")
    for workload in (r for r in resources if "template" in (r.get("spec") or {})):
        for each in workload["spec"]["template"]["spec"]["containers"]:
            for variable in each.get("env") or []:
                source = variable.get("valueFrom") or {}
                if "configMapKeyRef" in source:
                    ref = source["configMapKeyRef"]
                    check(ref["key"] in (named("ConfigMap", ref["name"]).get("data") or {}),
                          f"{where} no key {ref['key']} in ConfigMap {ref['name']}")
                if "secretKeyRef" in source:
                    # The dev overlay generates the Secret, so kustomize adds its hash suffix to the name.
                    ref = source["secretKeyRef"]
                    generated = find("Secret", ref["name"])
                    check(ref["name"] == SECRET or (generated and ref["name"].startswith(SECRET + "-")),
                          f"{where} secrets come from {SECRET}, not {ref['name']}")
                    if generated is not None:
                        check(ref["key"] in (generated.get("data") or {}), f"{where} {ref['name']} lacks {ref['key']}")

    # Ports: probes, Service, NetworkPolicy and Prometheus all reach the container port Quarkus listens on.
    http_port = int(values.get("QUARKUS_HTTP_PORT", "0"))

    def container_port(reference):
        for port in container.get("ports") or []:
            if reference in (port.get("name"), port["containerPort"]):
                return port["containerPort"]
        check(False, f"{where} port {reference} is not a declared container port")
        return None

    for probe, path in PROBE_PATHS.items():
        http_get = (container.get(probe) or {}).get("httpGet") or {}
        check(http_get.get("path") == path, f"{where} {probe} must ask {path}")
        check(container_port(http_get.get("port")) == http_port, f"{where} {probe} must hit QUARKUS_HTTP_PORT")
    service = named("Service", SERVICE)
    check(service["spec"].get("type", "ClusterIP") == "ClusterIP", f"{where} the Service must be ClusterIP")
    for port in service["spec"]["ports"]:
        check(container_port(port["targetPort"]) == http_port, f"{where} the Service must target QUARKUS_HTTP_PORT")
    policy = named("NetworkPolicy", SERVICE)
    check(policy["spec"].get("ingress"), f"{where} the NetworkPolicy admits nothing")
    for rule in policy["spec"].get("ingress") or []:
        check(rule.get("ports"), f"{where} an ingress rule open on every port")
        for port in rule.get("ports") or []:
            check(container_port(port["port"]) == http_port, f"{where} ingress must be limited to the HTTP port")
    egress = {port["port"] for rule in policy["spec"].get("egress") or [] for port in rule.get("ports") or []}
    check(egress == {5432, 6379, 53}, f"{where} egress must be Postgres, Redis and DNS only, not {egress}")
    annotations = template["metadata"].get("annotations") or {}
    if "prometheus.io/port" in annotations:
        check(annotations["prometheus.io/port"] == str(http_port), f"{where} Prometheus must scrape the HTTP port")

    # Hardening: the image's non-root user, a read-only root filesystem, nothing extra.
    uid = re.search(r"(?m)^USER\s+(\d+)", pathlib.Path(dockerfile).read_text(encoding="utf-8"))
    check(uid and int(uid.group(1)) > 0, f"{dockerfile} must switch to a numeric non-root USER")
    security, pod_security = container.get("securityContext") or {}, pod.get("securityContext") or {}
    check(security.get("runAsNonRoot", pod_security.get("runAsNonRoot")) is True, f"{where} runAsNonRoot")
    check(uid and security.get("runAsUser", pod_security.get("runAsUser")) == int(uid.group(1)),
          f"{where} runAsUser must be the uid {dockerfile} switches to")
    check(security.get("readOnlyRootFilesystem") is True, f"{where} readOnlyRootFilesystem")
    check(security.get("allowPrivilegeEscalation") is False, f"{where} allowPrivilegeEscalation")
    check((security.get("capabilities") or {}).get("drop") == ["ALL"], f"{where} capabilities.drop ALL")
    seccomp = security.get("seccompProfile") or pod_security.get("seccompProfile") or {}
    check(seccomp.get("type") == "RuntimeDefault", f"{where} seccompProfile RuntimeDefault")
    tmp = [m["name"] for m in container.get("volumeMounts") or [] if m["mountPath"] == "/tmp"]
    check(tmp and any(v["name"] == tmp[0] and "emptyDir" in v for v in pod.get("volumes") or []),
          f"{where} /tmp must be an emptyDir")
    check(pod.get("automountServiceAccountToken") is False, f"{where} the pod needs no API token")
    account = named("ServiceAccount", pod["serviceAccountName"])
    check(account.get("automountServiceAccountToken") is False, f"{where} the ServiceAccount needs no API token")
    check({"requests", "limits"} <= set(container.get("resources") or {}), f"{where} resources need requests, limits")
    pre_stop = (container.get("lifecycle") or {}).get("preStop") or {}
    check((pre_stop.get("sleep") or {}).get("seconds", 0) > 0,
          f"{where} preStop must be the native sleep action (the image has no shell)")

    # Scaling: the HPA owns the replica count.
    hpa = named("HorizontalPodAutoscaler", SERVICE)
    spec, target = hpa["spec"], hpa["spec"]["scaleTargetRef"]
    check(hpa["apiVersion"] == "autoscaling/v2", f"{where} the HPA must be autoscaling/v2")
    check((target["apiVersion"], target["kind"], target["name"]) == ("apps/v1", "Deployment", SERVICE),
          f"{where} the HPA scales another workload: {target}")
    check("replicas" not in deployment["spec"],
          f"{where} with an HPA, spec.replicas would reset the scaled-out count on every apply")
    check(spec["minReplicas"] <= spec["maxReplicas"], f"{where} minReplicas above maxReplicas")
    check(any((m.get("resource") or {}).get("name") == "cpu" for m in spec.get("metrics") or []),
          f"{where} the HPA must scale on CPU")
    floor, ceiling = REPLICAS.get(overlay, (None, None))
    check(floor is None or spec["minReplicas"] == floor, f"{where} minReplicas must be {floor}")
    check(ceiling is None or spec["maxReplicas"] == ceiling, f"{where} maxReplicas must be {ceiling}")

    # Every selector picks exactly the service's pods.
    pod_labels = template["metadata"].get("labels") or {}
    spread = pod.get("topologySpreadConstraints") or []
    check({"topology.kubernetes.io/zone", "kubernetes.io/hostname"} <= {c["topologyKey"] for c in spread},
          f"{where} pods must spread across zones and nodes")
    selectors = {
        "Deployment selector": deployment["spec"]["selector"].get("matchLabels"),
        "PodDisruptionBudget selector": named("PodDisruptionBudget", SERVICE)["spec"]["selector"].get("matchLabels"),
        "Service selector": service["spec"].get("selector"),
        "NetworkPolicy podSelector": policy["spec"]["podSelector"].get("matchLabels"),
    }
    for constraint in spread:
        selectors["topologySpreadConstraint " + constraint["topologyKey"]] = constraint["labelSelector"]["matchLabels"]
    others = [r["spec"]["template"]["metadata"].get("labels") or {} for r in resources
              if "template" in (r.get("spec") or {}) and r is not deployment]
    for what, selector in selectors.items():
        selector = selector or {}
        check(selector, f"{where} empty {what}")
        check(selector.items() <= pod_labels.items(), f"{where} {what} {selector} misses the pod labels")
        for other in others:
            check(not selector.items() <= other.items(), f"{where} {what} also matches other pods {other}")

    # Dev: the service points at the overlay's own Postgres and Redis.
    if overlay == "dev":
        for variable in ("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_REDIS_HOSTS"):
            url = urlparse(values.get(variable, ""))
            store = find("Service", url.hostname or "")
            check(store and any(p["port"] == url.port for p in store["spec"]["ports"]),
                  f"{where} {variable} points at {url.hostname}:{url.port}, which no Service of the overlay serves")
        url = urlparse(values.get("QUARKUS_DATASOURCE_REACTIVE_URL", ""))
        postgres = find("StatefulSet", url.hostname or "")
        if check(postgres, f"{where} no StatefulSet {url.hostname}"):
            env = {e["name"]: e.get("value") for e in postgres["spec"]["template"]["spec"]["containers"][0]["env"]}
            database = env.get("POSTGRES_DB")
            check(url.path == f"/{database}", f"{where} the dev database is {database}, not {url.path}")


if __name__ == "__main__":
    if sys.argv[1] == "files":
        check_files(pathlib.Path(sys.argv[2]))
    else:
        check_rendered(sys.argv[2], sys.argv[3], sys.argv[4])
    for finding in findings:
        print("  FAIL " + finding)
    sys.exit(1 if findings else 0)
