package io.mdrotator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Proof that {@link ManifestInvariants} fails: each case takes a rendered overlay, breaks one
 * thing the way an edit of the manifests could, and expects the violation by its message. The
 * unmodified copies pass (so each failure is the mutation's).
 */
class KubernetesInvariantViolationsTest {
  private static Rendered single;
  private static Rendered ha;

  private static Rendered base(String overlay) {
    if (single == null) {
      single = KubernetesManifestsTest.render("overlays/single");
      ha = KubernetesManifestsTest.render("overlays/ha");
    }
    return ("ha".equals(overlay) ? ha : single).copy();
  }

  private static ObjectNode obj(JsonNode n, String... path) {
    JsonNode cur = n;
    for (String p : path) {
      cur = cur.isArray() ? cur.get(Integer.parseInt(p)) : cur.get(p);
      if (cur == null) {
        throw new AssertionError("no " + String.join(".", path));
      }
    }
    return (ObjectNode) cur;
  }

  private static ObjectNode deployment(Rendered r) {
    return r.ofKind("Deployment").get(0);
  }

  private static ObjectNode pod(Rendered r) {
    return obj(deployment(r), "spec", "template", "spec");
  }

  private static ObjectNode container(Rendered r) {
    return obj(pod(r), "containers", "0");
  }

  private static ObjectNode configMap(Rendered r) {
    return r.ofKind("ConfigMap").stream().filter(c -> Rendered.name(c).startsWith("md-rotator-config"))
        .findFirst().orElseThrow();
  }

  private static void editConfig(Rendered r, String from, String to) {
    ObjectNode data = obj(configMap(r), "data");
    String text = data.path("md-rotator.yaml").asString();
    assertThat(text).contains(from);
    data.put("md-rotator.yaml", text.replace(from, to));
  }

  private static Arguments violation(String overlay, String what, Consumer<Rendered> mutation, String expected) {
    return Arguments.of(overlay, what, mutation, expected);
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        // the single-node invariants
        violation("single", "two replicas on the memory store", r -> obj(deployment(r), "spec").put("replicas", 2),
            "replicas 2 with scheduler.store memory"),
        violation("single", "a rolling update on the memory store",
            r -> obj(deployment(r), "spec", "strategy").put("type", "RollingUpdate"), "strategy RollingUpdate with scheduler.store memory"),
        violation("single", "a PodDisruptionBudget on one memory-store replica",
            r -> r.add(ha.get("PodDisruptionBudget", "md-rotator").deepCopy()), "PDB only in HA"),
        violation("ha", "the HA Deployment given the in-memory store", r -> {
          String singleConfig = configMap(single).path("data").path("md-rotator.yaml").asString();
          obj(configMap(r), "data").put("md-rotator.yaml", singleConfig);
        }, "replicas 3 with scheduler.store memory"),
        // Pod Security restricted
        violation("single", "root", r -> obj(container(r), "securityContext").put("runAsUser", 0),
            "runAsUser must be the image's UID 10001"),
        violation("single", "runAsNonRoot false", r -> {
          obj(container(r), "securityContext").put("runAsNonRoot", false);
          obj(pod(r), "securityContext").put("runAsNonRoot", false);
        }, "runAsNonRoot must be true"),
        violation("single", "a writable root filesystem",
            r -> obj(container(r), "securityContext").put("readOnlyRootFilesystem", false), "readOnlyRootFilesystem must be true"),
        violation("single", "privilege escalation allowed",
            r -> obj(container(r), "securityContext").remove("allowPrivilegeEscalation"), "allowPrivilegeEscalation must be false"),
        violation("single", "capabilities kept",
            r -> obj(container(r), "securityContext", "capabilities").set("drop", ((ObjectNode) container(r)).arrayNode()),
            "capabilities must drop ALL"),
        violation("single", "no seccomp profile", r -> {
          obj(container(r), "securityContext").remove("seccompProfile");
          obj(pod(r), "securityContext").remove("seccompProfile");
        }, "seccompProfile must be RuntimeDefault"),
        violation("single", "host network", r -> pod(r).put("hostNetwork", true), "hostNetwork"),
        violation("single", "a hostPath volume", r -> ((ArrayNode) pod(r).get("volumes")).addObject()
            .put("name", "host").putObject("hostPath").put("path", "/"), "forbids: [hostPath]"),
        violation("single", "the namespace without Pod Security enforcement",
            r -> obj(r.ofKind("Namespace").get(0), "metadata", "labels").remove("pod-security.kubernetes.io/enforce"),
            "must enforce Pod Security \"restricted\""),
        violation("single", "an API token mounted", r -> pod(r).put("automountServiceAccountToken", true),
            "mounts a Kubernetes API token"),
        violation("single", "an unpinned image", r -> container(r).put("image", "md-rotator:latest"), "pinned tag"),
        // probes, shutdown, resources
        violation("single", "liveness on /readyz", r -> obj(container(r), "livenessProbe", "httpGet").put("path", "/readyz"),
            "livenessProbe must be httpGet /healthz"),
        violation("single", "no readiness probe", r -> container(r).remove("readinessProbe"), "no readinessProbe"),
        violation("single", "probes on the wrong port", r -> obj(container(r), "readinessProbe", "httpGet").put("port", 8080),
            "readinessProbe must be httpGet /readyz on the metrics port 9464"),
        violation("single", "metrics on loopback only", r -> editConfig(r, "listen: 0.0.0.0:9464", "listen: 127.0.0.1:9464"),
            "metrics.listen host 127.0.0.1"),
        violation("single", "the default 30 s grace period", r -> pod(r).put("terminationGracePeriodSeconds", 30),
            "must exceed the 30 s drain bound"),
        violation("single", "a memory limit too small for the benchmarked heap",
            r -> obj(container(r), "resources", "limits").put("memory", "256Mi"), "below the benchmarked 256 MiB"),
        violation("single", "no memory request", r -> obj(container(r), "resources", "requests").remove("memory"),
            "memory request and limit must both be set"),
        // config, policy hot reload, secrets
        violation("single", "the config mounted with subPath",
            r -> obj(container(r), "volumeMounts", "0").put("subPath", "md-rotator.yaml"), "uses subPath"),
        violation("single", "a policy ConfigMap with a content-hash name", r -> {
          obj(r.get("ConfigMap", "md-rotator-policy"), "metadata").put("name", "md-rotator-policy-7g2f8k9mbt");
          obj(pod(r), "volumes", "0", "projected", "sources", "1", "configMap").put("name", "md-rotator-policy-7g2f8k9mbt");
        }, "content-hash name"),
        violation("single", "an invalid policy", r -> obj(r.get("ConfigMap", "md-rotator-policy"), "data")
            .put("policy.yaml", "version: 1\naccounts:\n  - username: x\n    slots:\n      - name: rw\n        token_type: nope\n"),
            "the policy does not validate"),
        violation("single", "the admin token from an environment variable",
            r -> editConfig(r, "adminToken: {file: /run/secrets/md-rotator/motherduck/admin-token}", "adminToken: {env: MD_ADMIN_TOKEN}"),
            "motherduck.adminToken must be a {file: ...} reference"),
        violation("single", "the admin token file not mounted", r -> {
          ArrayNode mounts = (ArrayNode) container(r).get("volumeMounts");
          for (int i = 0; i < mounts.size(); i++) {
            if ("motherduck".equals(mounts.get(i).path("name").asString())) {
              mounts.remove(i);
              break;
            }
          }
        }, "motherduck.adminToken reads /run/secrets/md-rotator/motherduck/admin-token, which is not a file mounted from a Secret"),
        violation("single", "core dumps left on", r -> container(r).remove("env"), "-XX:-CreateCoredumpOnCrash"),
        violation("single", "the image's JVM flags replaced", r -> ((ArrayNode) container(r).get("env")).addObject()
            .put("name", "JAVA_TOOL_OPTIONS").put("value", "-Xmx64m"), "replaces the image's JVM flags"),
        violation("single", "a secret in an environment variable", r -> ((ArrayNode) container(r).get("env")).addObject()
            .put("name", "MD_ADMIN_TOKEN").putObject("valueFrom").putObject("secretKeyRef").put("name", "x").put("key", "y"),
            "files only"),
        violation("single", "an audit file on the read-only root filesystem",
            r -> editConfig(r, "format: json", "format: json\n  auditFile: /var/log/md-rotator/audit.jsonl"),
            "not on a writable volume"),
        // network
        violation("single", "no NetworkPolicy", r -> r.remove("NetworkPolicy", "md-rotator"), "no NetworkPolicy selects"),
        violation("single", "egress to everything", r -> ((ArrayNode) obj(r.get("NetworkPolicy", "md-rotator"), "spec").get("egress"))
            .addObject(), "egress rule without ports or destinations"),
        violation("single", "ingress from any namespace", r -> obj(r.get("NetworkPolicy", "md-rotator"), "spec", "ingress", "0", "from", "0")
            .set("namespaceSelector", r.all().get(0).objectNode()), "only the monitoring namespace"),
        violation("single", "egress to an extra port", r -> obj(r.get("NetworkPolicy", "md-rotator"), "spec", "egress", "2", "ports", "0")
            .put("port", 8201), "egress to [TCP/8201]"),
        // HA
        violation("ha", "no PodDisruptionBudget", r -> r.remove("PodDisruptionBudget", "md-rotator"), "HA without a PodDisruptionBudget"),
        violation("ha", "a PodDisruptionBudget that allows nothing",
            r -> obj(r.get("PodDisruptionBudget", "md-rotator"), "spec").put("maxUnavailable", 0), "allows no disruption"),
        violation("ha", "no anti-affinity", r -> pod(r).remove("affinity"), "without pod anti-affinity"),
        violation("ha", "one replica on the jdbc store", r -> obj(deployment(r), "spec").put("replicas", 1), "HA needs at least 2"),
        violation("ha", "sslmode=require", r -> editConfig(r, "sslmode=verify-full", "sslmode=require"), "sslmode=verify-full"),
        violation("ha", "no egress to PostgreSQL", r -> r.remove("NetworkPolicy", "md-rotator-postgres"),
            "egress is not allowed to [TCP/5432]"),
        // scraping and alerts
        violation("single", "the Service no longer matched by the ServiceMonitor",
            r -> obj(r.get("Service", "md-rotator"), "metadata", "labels").put("app.kubernetes.io/name", "rotator"),
            "no ServiceMonitor scrapes"),
        violation("single", "a scrape job the alerts do not expect",
            r -> {
              obj(r.get("Service", "md-rotator"), "metadata", "labels").put("team", "data-platform");
              obj(r.get("ServiceMonitor", "md-rotator"), "spec").put("jobLabel", "team");
            },
            "the alert rules expect job=\"md-rotator\""),
        violation("single", "an alert missing from the PrometheusRule",
            r -> ((ArrayNode) obj(r.get("PrometheusRule", "md-rotator"), "spec", "groups", "0").get("rules")).remove(0),
            "missing [md-rotator/MdRotatorTargetDown]"),
        violation("ha", "an alert changed in the PrometheusRule",
            r -> obj(r.get("PrometheusRule", "md-rotator"), "spec", "groups", "0", "rules", "0").put("for", "1h"),
            "changed [md-rotator/MdRotatorTargetDown]"));
  }

  @Test
  void theUnmodifiedRendersPass() {
    assertThat(ManifestInvariants.check(base("single"), KubernetesManifestsTest.FACTS)).isEmpty();
    assertThat(ManifestInvariants.check(base("ha"), KubernetesManifestsTest.FACTS)).isEmpty();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("violations")
  void aDeliberateViolationFails(String overlay, String what, Consumer<Rendered> mutation, String expected) {
    Rendered r = base(overlay);
    mutation.accept(r);
    List<String> found = ManifestInvariants.check(r, KubernetesManifestsTest.FACTS);
    assertThat(found).as("violations found after: %s", what).anySatisfy(v -> assertThat(v).contains(expected));
  }
}
