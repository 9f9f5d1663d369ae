package io.mdrotator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.policy.Durations;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * config/kubernetes, rendered with {@code kubectl kustomize} as a user would apply it: both
 * overlays meet every invariant of {@link ManifestInvariants} (no root, read-only root
 * filesystem, probes on the daemon's health endpoints, the replica count the scheduler store
 * allows, PDB only in HA, NetworkPolicy, scraping, the alert rules); every configured kubectl
 * renders the same objects; the consumer examples read the slot the example policy manages within
 * its grace period. {@link KubernetesInvariantViolationsTest} shows each invariant fails on a
 * deliberate violation; {@link KubernetesSchemaTest} validates the renders against the API schemas.
 */
class KubernetesManifestsTest {
  static final ManifestInvariants.Facts FACTS = ManifestInvariants.Facts.load(Kubectl.ROOT);
  private static final Pattern HASHED = Pattern.compile("(md-rotator-config)-[2-9bcdfghkmt]{10}");

  static Rendered render(String target) {
    return Rendered.parse(Kubectl.render(Kubectl.first(), target));
  }

  static DaemonConfig config(Rendered r) throws Exception {
    ObjectNode cm = r.ofKind("ConfigMap").stream()
        .filter(c -> Rendered.name(c).startsWith("md-rotator-config")).findFirst().orElseThrow();
    return ConfigLoader.load(Path.of("/etc/md-rotator/md-rotator.yaml"), cm.path("data").path("md-rotator.yaml").asString());
  }

  static ObjectNode deployment(Rendered r) {
    return r.ofKind("Deployment").get(0);
  }

  @Test
  void singleOverlayMeetsEveryInvariant() throws Exception {
    Rendered r = render("overlays/single");
    assertThat(ManifestInvariants.check(r, FACTS)).isEmpty();
    assertThat(config(r).scheduler().store()).isEqualTo(DaemonConfig.Scheduler.Store.MEMORY);
    assertThat(deployment(r).path("spec").path("replicas").asInt()).isEqualTo(1);
    assertThat(deployment(r).path("spec").path("strategy").path("type").asString()).isEqualTo("Recreate");
    assertThat(r.ofKind("PodDisruptionBudget")).isEmpty();
    assertThat(r.all()).extracting(o -> o.path("kind").asString()).containsExactlyInAnyOrder(
        "Namespace", "ServiceAccount", "ConfigMap", "ConfigMap", "Service", "Deployment",
        "NetworkPolicy", "ServiceMonitor", "PrometheusRule");
  }

  @Test
  void haOverlayMeetsEveryInvariant() throws Exception {
    Rendered r = render("overlays/ha");
    assertThat(ManifestInvariants.check(r, FACTS)).isEmpty();
    DaemonConfig cfg = config(r);
    assertThat(cfg.scheduler().store()).isEqualTo(DaemonConfig.Scheduler.Store.JDBC);
    assertThat(cfg.scheduler().jdbc().orElseThrow().url()).contains("sslmode=verify-full");
    assertThat(deployment(r).path("spec").path("replicas").asInt()).isBetween(2, 3);
    assertThat(r.ofKind("PodDisruptionBudget")).hasSize(1);
    assertThat(r.ofKind("NetworkPolicy")).hasSize(2);
  }

  /** Both overlays' configs are one file apart from the scheduler, so they cannot drift. */
  @Test
  void theOverlaysConfigsDifferOnlyInTheScheduler() throws Exception {
    Path overlays = Kubectl.MANIFESTS.resolve("overlays");
    ObjectNode single = (ObjectNode) Rendered.YAML.readTree(overlays.resolve("single/md-rotator.yaml").toFile());
    ObjectNode ha = (ObjectNode) Rendered.YAML.readTree(overlays.resolve("ha/md-rotator.yaml").toFile());
    assertThat(single.path("scheduler").path("store").asString()).isEqualTo("memory");
    assertThat(ha.path("scheduler").path("store").asString()).isEqualTo("jdbc");
    single.remove("scheduler");
    ha.remove("scheduler");
    assertThat(ha).isEqualTo(single);
    for (String o : List.of("single", "ha")) {
      Path file = overlays.resolve(o + "/md-rotator.yaml");
      DaemonConfig cfg = ConfigLoader.load(Path.of("/etc/md-rotator/md-rotator.yaml"), Files.readString(file));
      assertThat(cfg.vault().auth()).as(o).isInstanceOf(DaemonConfig.VaultAuth.Kubernetes.class);
      assertThat(cfg.logging().auditFile()).as(o + ": audit events go to the container log").isEmpty();
    }
  }

  /** The committed PrometheusRule holds exactly the alerts file's groups (no kubectl needed). */
  @Test
  void thePrometheusRuleIsTheAlertsFile() throws Exception {
    JsonNode rule = Rendered.YAML.readTree(Kubectl.MANIFESTS.resolve("base/prometheusrule.yaml").toFile());
    assertThat(rule.path("kind").asString()).isEqualTo("PrometheusRule");
    JsonNode groups = rule.path("spec").path("groups");
    assertThat(groups.findValues("alert")).hasSizeGreaterThan(10);
    assertThat(groups)
        .as("config/kubernetes/base/prometheusrule.yaml must carry exactly the rules of"
            + " config/prometheus/md-rotator-alerts.yaml: run scripts/k8s-sync-alerts.sh (%s)",
            ManifestInvariants.ruleDifference(FACTS.alertGroups(), groups).orElse(""))
        .isEqualTo(FACTS.alertGroups());
  }

  /** Each configured kubectl (CI: Debian's 1.20 with kustomize v2.0.3, and a newer one) renders the same objects. */
  @Test
  void everyKubectlRendersTheSameObjects() {
    List<Path> kubectls = Kubectl.require();
    List<String> versions = new ArrayList<>();
    kubectls.forEach(k -> versions.add(Kubectl.version(k)));
    System.out.println("rendering with " + versions);
    for (String target : List.of("overlays/single", "overlays/ha", "examples")) {
      List<JsonNode> reference = canonical(Rendered.parse(Kubectl.render(kubectls.get(0), target)));
      assertThat(reference).as(target).isNotEmpty();
      for (int i = 1; i < kubectls.size(); i++) {
        assertThat(canonical(Rendered.parse(Kubectl.render(kubectls.get(i), target))))
            .as("%s rendered by kubectl %s and by kubectl %s", target, versions.get(0), versions.get(i))
            .isEqualTo(reference);
      }
    }
  }

  /** Sorted by kind and name; content-hash suffixes (which differ between kustomize versions) and whitespace inside strings erased. */
  private static List<JsonNode> canonical(Rendered r) {
    List<JsonNode> out = new ArrayList<>();
    for (ObjectNode o : r.all()) {
      String text = Rendered.YAML.writeValueAsString(ManifestInvariants.normalized(o));
      out.add(Rendered.YAML.readTree(HASHED.matcher(text).replaceAll("$1-HASH")));
    }
    out.sort(Comparator.comparing((JsonNode o) -> o.path("kind").asString()).thenComparing(Rendered::name));
    return out;
  }

  /**
   * The site overlay docs/deployment.md (7.1) tells users to write, on top of overlays/single:
   * with every configured kubectl it pins the image and replaces policy and config while the
   * policy ConfigMap keeps its fixed name (hot reload) and the config its content hash (rollout).
   */
  @Test
  void theDocumentedSiteOverlayKeepsHotReloadWithEveryKubectl(@TempDir Path dir) throws Exception {
    List<Path> kubectls = Kubectl.require();
    String docs = Files.readString(Kubectl.ROOT.resolve("docs/deployment.md"));
    int at = docs.indexOf("# site/kustomization.yaml");
    assertThat(at).as("docs/deployment.md shows site/kustomization.yaml").isPositive();
    String kustomization = docs.substring(at, docs.indexOf("```", at));
    assertThat(kustomization).contains("../md-rotator/config/kubernetes/overlays/single");

    Path checkout = dir.resolve("md-rotator/config/kubernetes");
    try (Stream<Path> files = Files.walk(Kubectl.MANIFESTS)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path to = checkout.resolve(Kubectl.MANIFESTS.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Path site = Files.createDirectories(dir.resolve("site"));
    Files.writeString(site.resolve("kustomization.yaml"), kustomization);
    Files.writeString(site.resolve("policy.yaml"),
        Files.readString(Kubectl.MANIFESTS.resolve("base/policy.yaml")).replace("etl_loader", "prod_loader"));
    Files.writeString(site.resolve("md-rotator.yaml"), Files.readString(Kubectl.MANIFESTS.resolve("overlays/single/md-rotator.yaml"))
        .replace("https://vault.vault.svc:8200", "https://vault.vault.svc.cluster.local:8200"));

    String shippedConfigName = Rendered.name(render("overlays/single").ofKind("ConfigMap").stream()
        .filter(c -> Rendered.name(c).startsWith("md-rotator-config")).findFirst().orElseThrow());
    for (Path k : kubectls) {
      Rendered r = Rendered.parse(Kubectl.renderDir(k, site));
      String v = Kubectl.version(k);
      assertThat(ManifestInvariants.check(r, FACTS)).as("kubectl %s", v).isEmpty();
      assertThat(r.get("ConfigMap", "md-rotator-policy").path("data").path("policy.yaml").asString())
          .as("kubectl %s: the site's policy under the fixed name", v).contains("prod_loader");
      assertThat(config(r).vault().address().toString()).isEqualTo("https://vault.vault.svc.cluster.local:8200");
      String configName = Rendered.name(r.ofKind("ConfigMap").stream()
          .filter(c -> Rendered.name(c).startsWith("md-rotator-config")).findFirst().orElseThrow());
      assertThat(configName).as("kubectl %s: the site's config keeps a content-hash name", v)
          .matches("md-rotator-config-[2-9bcdfghkmt]{10}");
      if (k.equals(kubectls.get(0))) {
        assertThat(configName).isNotEqualTo(shippedConfigName);
      }
      assertThat(deployment(r).path("spec").path("template").path("spec").path("containers").get(0).path("image").asString())
          .isEqualTo("registry.example.com/platform/md-rotator:0.1.0");
    }
  }

  /** The consumer examples read the slot the example policy manages, and pick a new token up well within its grace period. */
  @Test
  void consumerExamplesReadTheManagedSlotWithinItsGracePeriod() throws Exception {
    Rendered r = render("examples");
    Rendered single = render("overlays/single");
    DaemonConfig cfg = config(single);
    Policy policy = new PolicyLoader().load(Path.of("policy.yaml"),
        single.get("ConfigMap", "md-rotator-policy").path("data").path("policy.yaml").asString(),
        cfg.policyLoadOptions()).policy().orElseThrow();
    SlotPolicy slot = policy.slot(new SlotId("etl_loader", "rw")).orElseThrow();
    String kvPath = cfg.vault().mount() + "/data/" + slot.vaultPath();

    // Vault Agent Injector: a template that re-renders the token, re-read far more often than the grace period.
    JsonNode agent = r.get("Deployment", "etl-app-agent").path("spec").path("template");
    JsonNode ann = agent.path("metadata").path("annotations");
    assertThat(ann.path("vault.hashicorp.com/agent-inject").asString()).isEqualTo("true");
    assertThat(ann.path("vault.hashicorp.com/agent-inject-secret-motherduck_token").asString()).isEqualTo(kvPath);
    assertThat(ann.path("vault.hashicorp.com/agent-inject-template-motherduck_token").asString())
        .contains("with secret \"" + kvPath + "\"").contains(".Data.data.token");
    Duration render = Durations.parse(ann.path("vault.hashicorp.com/template-static-secret-render-interval").asString());
    assertThat(render.multipliedBy(10)).isLessThan(slot.gracePeriod());
    assertThat(env(agent, "MOTHERDUCK_TOKEN_FILE")).isEqualTo("/vault/secrets/motherduck_token");

    // CSI: the SecretProviderClass names the same KV path and field; the pod mounts it as a directory.
    ObjectNode spc = r.get("SecretProviderClass", "etl-app-motherduck");
    assertThat(spc.path("spec").path("provider").asString()).isEqualTo("vault");
    JsonNode objects = Rendered.YAML.readTree(spc.path("spec").path("parameters").path("objects").asString());
    assertThat(objects.get(0).path("secretPath").asString()).isEqualTo(kvPath);
    assertThat(objects.get(0).path("secretKey").asString()).isEqualTo("token");
    assertThat(spc.path("spec").has("secretObjects")).as("no copy of the token in a Kubernetes Secret").isFalse();
    JsonNode csiPod = r.get("Deployment", "etl-app-csi").path("spec").path("template");
    JsonNode volume = csiPod.path("spec").path("volumes").get(0);
    assertThat(volume.path("csi").path("driver").asString()).isEqualTo("secrets-store.csi.k8s.io");
    assertThat(volume.path("csi").path("volumeAttributes").path("secretProviderClass").asString()).isEqualTo(Rendered.name(spc));
    JsonNode mount = csiPod.path("spec").path("containers").get(0).path("volumeMounts").get(0);
    assertThat(mount.has("subPath")).as("a subPath mount never sees the rotated file").isFalse();
    assertThat(env(csiPod, "MOTHERDUCK_TOKEN_FILE"))
        .isEqualTo(mount.path("mountPath").asString() + "/" + objects.get(0).path("objectName").asString());
    // The CSI example's comments state the driver's rotation interval (1m) and that it must be on.
    String spcText = Files.readString(Kubectl.MANIFESTS.resolve("examples/vault-csi/secretproviderclass.yaml"));
    Matcher poll = Pattern.compile("rotationPollInterval=(\\w+)").matcher(spcText);
    assertThat(spcText).contains("enableSecretRotation=true");
    assertThat(poll.find()).isTrue();
    assertThat(Durations.parse(poll.group(1)).multipliedBy(10)).isLessThan(slot.gracePeriod());
  }

  private static String env(JsonNode podTemplate, String name) {
    for (JsonNode e : podTemplate.path("spec").path("containers").get(0).path("env")) {
      if (name.equals(e.path("name").asString())) {
        return e.path("value").asString();
      }
    }
    return null;
  }
}
