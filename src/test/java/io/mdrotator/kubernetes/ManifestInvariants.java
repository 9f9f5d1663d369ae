package io.mdrotator.kubernetes;

import io.mdrotator.config.ConfigException;
import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.config.SecretSource;
import io.mdrotator.policy.LoadResult;
import io.mdrotator.policy.PolicyLoader;
import io.mdrotator.document.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What must hold for md-rotator's rendered Kubernetes objects, checked on the output of
 * {@code kubectl kustomize} (never on the source files, so patches and generators are included).
 * Returns every violation as a sentence; an empty list means the render is acceptable.
 *
 * <p>The checks follow the daemon's own config as rendered into the ConfigMap: the metrics port
 * the probes must hit, the scheduler store that decides how many replicas may run, the secret
 * files that must come from mounted Secrets, the ports the NetworkPolicy must open.
 */
final class ManifestInvariants {
  /** SIGTERM drains in-flight rotations for up to this long (docs/deployment.md). */
  static final long DRAIN_BOUND_SECONDS = 30;
  /** terminationGracePeriodSeconds must exceed the drain bound by at least this much. */
  static final long GRACE_MARGIN_SECONDS = 15;
  /** RSS at rest with 10,000 slots (docs/benchmarks.md, figure 2): 221 MB. */
  static final long MEASURED_RSS_BYTES = 221L * 1000 * 1000;
  /** The heap cap the benchmark showed enough for 10,000 slots (-Xmx256m, docs/deployment.md). */
  static final long BENCHMARKED_HEAP_BYTES = 256L * 1024 * 1024;
  /** Pod Security "restricted" volume types. */
  static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
      "ephemeral", "persistentVolumeClaim", "projected", "secret");
  /** Objects without a namespace. */
  static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
      "CustomResourceDefinition", "PriorityClass", "StorageClass");
  /** kustomize's content-hash suffix (hex digits mapped to these letters and digits). */
  static final Pattern HASH_SUFFIX = Pattern.compile("-[2-9bcdfghkmt]{10}$");

  /** Facts taken from the repository: the image's UID and heap share, the alert rules. */
  record Facts(long imageUid, double heapFraction, JsonNode alertGroups, String alertJob) {
    static Facts load(Path root) {
      try {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)").matcher(dockerfile);
        Matcher ram = Pattern.compile("MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(dockerfile);
        if (!user.find() || !ram.find()) {
          throw new AssertionError("Dockerfile: no numeric USER or no -XX:MaxRAMPercentage in JAVA_TOOL_OPTIONS");
        }
        Path alerts = root.resolve("config/prometheus/md-rotator-alerts.yaml");
        JsonNode groups = Rendered.YAML.readTree(alerts.toFile()).path("groups");
        Matcher job = Pattern.compile("job=\"([^\"]+)\"").matcher(Files.readString(alerts));
        return new Facts(Long.parseLong(user.group(1)), Double.parseDouble(ram.group(1)) / 100, groups,
            job.find() ? job.group(1) : "md-rotator");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final Rendered r;
  private final Facts facts;
  private final List<String> violations = new ArrayList<>();
  private ObjectNode deployment;
  private JsonNode pod;
  private JsonNode container;
  private Map<String, String> podLabels = Map.of();
  private DaemonConfig cfg;

  private ManifestInvariants(Rendered r, Facts facts) {
    this.r = r;
    this.facts = facts;
  }

  static List<String> check(Rendered rendered, Facts facts) {
    ManifestInvariants c = new ManifestInvariants(rendered, facts);
    c.run();
    return c.violations;
  }

  private void v(String message) {
    violations.add(message);
  }

  private void run() {
    namespace();
    List<ObjectNode> deployments = r.ofKind("Deployment");
    if (deployments.size() != 1) {
      v("exactly one Deployment expected, found " + deployments.size());
      if (deployments.isEmpty()) {
        return;
      }
    }
    deployment = deployments.get(0);
    pod = deployment.path("spec").path("template").path("spec");
    podLabels = labels(deployment.path("spec").path("template").path("metadata").path("labels"));
    if (!selects(deployment.path("spec").path("selector"), podLabels)) {
      v("the Deployment's selector does not select its own pod template");
    }
    container = null;
    for (JsonNode c : pod.path("containers")) {
      if (container == null || "md-rotator".equals(c.path("name").asString(""))) {
        container = c;
      }
    }
    if (container == null) {
      v("the Deployment has no container");
      return;
    }
    podSecurity();
    serviceAccount();
    image();
    terminationGrace();
    resources();
    noSubPath();
    cfg = loadConfig();
    if (cfg != null) {
      policy();
      secrets();
      probes();
      store();
      networkPolicy();
      scraping();
    }
    prometheusRule();
  }

  // ---- namespace and Pod Security ----

  private void namespace() {
    List<ObjectNode> namespaces = r.ofKind("Namespace");
    if (namespaces.size() != 1) {
      v("exactly one Namespace expected (it carries the Pod Security labels), found " + namespaces.size());
      return;
    }
    ObjectNode ns = namespaces.get(0);
    String enforce = ns.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asString("");
    if (!"restricted".equals(enforce)) {
      v("Namespace " + Rendered.name(ns) + " must enforce Pod Security \"restricted\" "
          + "(label pod-security.kubernetes.io/enforce), has \"" + enforce + "\"");
    }
    for (ObjectNode o : r.all()) {
      String kind = o.path("kind").asString("");
      if (!CLUSTER_SCOPED.contains(kind)
          && !Rendered.name(ns).equals(o.path("metadata").path("namespace").asString(""))) {
        v(Rendered.id(o) + " is not in namespace " + Rendered.name(ns));
      }
    }
  }

  private void podSecurity() {
    for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
      if (pod.path(host).asBoolean(false)) {
        v("the pod sets " + host + ": true");
      }
    }
    JsonNode podSc = pod.path("securityContext");
    String seccomp = podSc.path("seccompProfile").path("type").asString("");
    List<JsonNode> all = new ArrayList<>();
    pod.path("initContainers").forEach(all::add);
    pod.path("containers").forEach(all::add);
    for (JsonNode c : all) {
      String name = "container " + c.path("name").asString("?");
      JsonNode sc = c.path("securityContext");
      boolean nonRoot = sc.has("runAsNonRoot") ? sc.path("runAsNonRoot").asBoolean(false)
          : podSc.path("runAsNonRoot").asBoolean(false);
      if (!nonRoot) {
        v(name + ": runAsNonRoot must be true (no root)");
      }
      JsonNode uid = sc.has("runAsUser") ? sc.path("runAsUser") : podSc.path("runAsUser");
      if (uid.isMissingNode() || uid.asLong(-1) != facts.imageUid()) {
        v(name + ": runAsUser must be the image's UID " + facts.imageUid() + " (Dockerfile USER), is "
            + (uid.isMissingNode() ? "unset" : uid.asString()));
      }
      JsonNode gid = sc.has("runAsGroup") ? sc.path("runAsGroup") : podSc.path("runAsGroup");
      if (!gid.isMissingNode() && gid.asLong(-1) == 0) {
        v(name + ": runAsGroup 0 (root group)");
      }
      if (sc.path("allowPrivilegeEscalation").asBoolean(true)) {
        v(name + ": allowPrivilegeEscalation must be false");
      }
      if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
        v(name + ": readOnlyRootFilesystem must be true");
      }
      if (sc.path("privileged").asBoolean(false)) {
        v(name + ": privileged");
      }
      Set<String> drop = strings(sc.path("capabilities").path("drop"));
      if (!drop.contains("ALL")) {
        v(name + ": capabilities must drop ALL, drops " + drop);
      }
      if (!strings(sc.path("capabilities").path("add")).isEmpty()) {
        v(name + ": adds capabilities " + strings(sc.path("capabilities").path("add")));
      }
      String containerSeccomp = sc.path("seccompProfile").path("type").asString(seccomp);
      if (!Set.of("RuntimeDefault", "Localhost").contains(containerSeccomp)) {
        v(name + ": seccompProfile must be RuntimeDefault, is " + (containerSeccomp.isEmpty() ? "unset" : containerSeccomp));
      }
    }
    for (JsonNode vol : pod.path("volumes")) {
      Set<String> keys = new TreeSet<>(vol.propertyNames());
      keys.remove("name");
      if (!RESTRICTED_VOLUMES.containsAll(keys)) {
        v("volume " + vol.path("name").asString() + " is of a type Pod Security \"restricted\" forbids: " + keys);
      }
    }
  }

  private void serviceAccount() {
    String sa = pod.path("serviceAccountName").asString("");
    if (sa.isEmpty() || "default".equals(sa)) {
      v("the pod must run as its own ServiceAccount (Vault's Kubernetes auth binds the role to it), runs as "
          + (sa.isEmpty() ? "default" : sa));
      return;
    }
    Optional<ObjectNode> account = r.find("ServiceAccount", sa);
    if (account.isEmpty()) {
      v("ServiceAccount " + sa + " is not part of the render");
    }
    boolean podAutomount = pod.path("automountServiceAccountToken").asBoolean(true);
    if (podAutomount) {
      v("the pod mounts a Kubernetes API token (automountServiceAccountToken): the daemon never calls the API");
    }
  }

  private void image() {
    String image = container.path("image").asString("");
    String afterSlash = image.substring(image.lastIndexOf('/') + 1);
    if (!image.contains("@sha256:") && (!afterSlash.contains(":") || afterSlash.endsWith(":latest"))) {
      v("image " + image + " must have a pinned tag or digest (not latest)");
    }
  }

  private void terminationGrace() {
    long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
    if (grace < DRAIN_BOUND_SECONDS + GRACE_MARGIN_SECONDS) {
      v("terminationGracePeriodSeconds " + grace + " must exceed the " + DRAIN_BOUND_SECONDS
          + " s drain bound by at least " + GRACE_MARGIN_SECONDS + " s");
    }
  }

  private void resources() {
    JsonNode res = container.path("resources");
    Optional<Long> request = bytes(res.path("requests").path("memory"));
    Optional<Long> limit = bytes(res.path("limits").path("memory"));
    if (res.path("requests").path("cpu").isMissingNode()) {
      v("no CPU request");
    }
    if (request.isEmpty() || limit.isEmpty()) {
      v("memory request and limit must both be set (request " + request.map(String::valueOf).orElse("unset")
          + ", limit " + limit.map(String::valueOf).orElse("unset") + ")");
      return;
    }
    if (request.get() < MEASURED_RSS_BYTES) {
      v("memory request " + request.get() + " bytes is below the measured RSS at rest (221 MB with 10,000 slots)");
    }
    if (limit.get() < request.get()) {
      v("memory limit below the request");
    }
    if (limit.get() * facts.heapFraction() < BENCHMARKED_HEAP_BYTES) {
      v("memory limit " + limit.get() + " bytes gives the image (MaxRAMPercentage " + Math.round(facts.heapFraction() * 100)
          + ") a heap below the benchmarked 256 MiB");
    }
  }

  private void noSubPath() {
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.has("subPath") || m.has("subPathExpr")) {
        v("volumeMount " + m.path("mountPath").asString() + " uses subPath: such a mount never sees an update"
            + " of its ConfigMap or Secret (no policy hot reload, no rotated secret)");
      }
    }
  }

  // ---- the daemon config and what it implies ----

  /** Where a file path in the container comes from. */
  record Source(String type, String name, String key, JsonNode volumeSource) {}

  private Optional<Source> resolve(String path) {
    for (JsonNode m : container.path("volumeMounts")) {
      String mountPath = m.path("mountPath").asString("");
      String rel;
      if (m.has("subPath")) {
        if (!path.equals(mountPath)) {
          continue;
        }
        rel = m.path("subPath").asString();
      } else if (path.startsWith(mountPath.endsWith("/") ? mountPath : mountPath + "/")) {
        rel = path.substring(mountPath.length()).replaceFirst("^/", "");
      } else {
        continue;
      }
      for (JsonNode vol : pod.path("volumes")) {
        if (vol.path("name").asString("").equals(m.path("name").asString())) {
          return fromVolume(vol, rel);
        }
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Source> fromVolume(JsonNode vol, String rel) {
    if (vol.has("configMap")) {
      return item(vol.path("configMap"), "ConfigMap", vol.path("configMap").path("name").asString(), rel);
    }
    if (vol.has("secret")) {
      return item(vol.path("secret"), "Secret", vol.path("secret").path("secretName").asString(), rel);
    }
    if (vol.has("projected")) {
      for (JsonNode s : vol.path("projected").path("sources")) {
        Optional<Source> found = Optional.empty();
        if (s.has("configMap")) {
          found = item(s.path("configMap"), "ConfigMap", s.path("configMap").path("name").asString(), rel);
        } else if (s.has("secret")) {
          found = item(s.path("secret"), "Secret", s.path("secret").path("name").asString(), rel);
        } else if (s.has("serviceAccountToken") && rel.equals(s.path("serviceAccountToken").path("path").asString())) {
          found = Optional.of(new Source("ServiceAccountToken", "", rel, s.path("serviceAccountToken")));
        }
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    Set<String> keys = new TreeSet<>(vol.propertyNames());
    keys.remove("name");
    return Optional.of(new Source(String.join(",", keys), vol.path("name").asString(), rel, vol));
  }

  private static Optional<Source> item(JsonNode src, String type, String name, String rel) {
    if (!src.has("items")) {
      return Optional.of(new Source(type, name, rel, src));
    }
    for (JsonNode it : src.path("items")) {
      if (rel.equals(it.path("path").asString())) {
        return Optional.of(new Source(type, name, it.path("key").asString(), src));
      }
    }
    return Optional.empty();
  }

  private Optional<String> configMapText(Source s) {
    return r.find("ConfigMap", s.name()).map(cm -> cm.path("data").path(s.key()))
        .filter(JsonNode::isString).map(JsonNode::asString);
  }

  private DaemonConfig loadConfig() {
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asString()));
    int at = args.indexOf("--config");
    if (at < 0 || at + 1 >= args.size()) {
      v("the container's args must name the config file (run --config FILE), are " + args);
      return null;
    }
    String configPath = args.get(at + 1);
    Optional<Source> src = resolve(configPath);
    if (src.isEmpty() || !"ConfigMap".equals(src.get().type())) {
      v("config file " + configPath + " is not mounted from a ConfigMap (" + src.map(Source::type).orElse("not mounted") + ")");
      return null;
    }
    Optional<String> text = configMapText(src.get());
    if (text.isEmpty()) {
      v("ConfigMap " + src.get().name() + " key " + src.get().key() + " (the config) is not in the render");
      return null;
    }
    try {
      return ConfigLoader.load(Path.of(configPath), text.get());
    } catch (ConfigException e) {
      v("the daemon config does not validate: " + e.problems().stream().map(Problem::format).collect(Collectors.joining("; ")));
      return null;
    }
  }

  private void policy() {
    String path = cfg.policyFile().toString();
    Optional<Source> src = resolve(path);
    if (src.isEmpty() || !"ConfigMap".equals(src.get().type())) {
      v("policy file " + path + " is not mounted from a ConfigMap (" + src.map(Source::type).orElse("not mounted") + ")");
      return;
    }
    if (HASH_SUFFIX.matcher(src.get().name()).find()) {
      v("the policy ConfigMap " + src.get().name() + " has a content-hash name: each policy edit would roll the"
          + " pods instead of being hot-reloaded from the mounted volume");
    }
    Optional<String> text = configMapText(src.get());
    if (text.isEmpty()) {
      v("ConfigMap " + src.get().name() + " key " + src.get().key() + " (the policy) is not in the render");
      return;
    }
    LoadResult result = new PolicyLoader().load(Path.of(path), text.get(), cfg.policyLoadOptions());
    if (!result.isValid()) {
      v("the policy does not validate: " + result.errors().stream().map(Problem::format).collect(Collectors.joining("; ")));
    }
    cfg.logging().auditFile().ifPresent(f -> {
      Optional<Source> audit = resolve(f.toString());
      if (audit.isEmpty() || !Set.of("emptyDir", "persistentVolumeClaim", "ephemeral").contains(audit.get().type())) {
        v("logging.auditFile " + f + " is not on a writable volume (the root filesystem is read-only)");
      }
    });
  }

  private void secrets() {
    Map<String, SecretSource> refs = new LinkedHashMap<>();
    refs.put("motherduck.adminToken", cfg.motherDuck().adminToken());
    DaemonConfig.VaultAuth auth = cfg.vault().auth();
    if (auth instanceof DaemonConfig.VaultAuth.Token t) {
      refs.put("vault.auth.token", t.token());
    } else if (auth instanceof DaemonConfig.VaultAuth.AppRole a) {
      refs.put("vault.auth.roleId", a.roleId());
      refs.put("vault.auth.secretId", a.secretId());
    }
    cfg.scheduler().jdbc().flatMap(DaemonConfig.Jdbc::password).ifPresent(p -> refs.put("scheduler.jdbc.password", p));
    refs.forEach((key, source) -> {
      if (source instanceof SecretSource.File f) {
        Optional<Source> s = resolve(f.path().toString());
        if (s.isEmpty() || !"Secret".equals(s.get().type())) {
          v(key + " reads " + f.path() + ", which is not a file mounted from a Secret ("
              + s.map(Source::type).orElse("not mounted") + ")");
        }
      } else {
        v(key + " must be a {file: ...} reference to a mounted Secret, is " + source.describe());
      }
    });
    boolean noCoreDump = false;
    for (JsonNode env : container.path("env")) {
      noCoreDump |= "JDK_JAVA_OPTIONS".equals(env.path("name").asString(""))
          && env.path("value").asString("").contains("-XX:-CreateCoredumpOnCrash");
      if ("JAVA_TOOL_OPTIONS".equals(env.path("name").asString(""))) {
        v("env JAVA_TOOL_OPTIONS replaces the image's JVM flags (heap sizing, GC); add flags with JDK_JAVA_OPTIONS");
      }
    }
    if (!noCoreDump) {
      v("JDK_JAVA_OPTIONS must carry -XX:-CreateCoredumpOnCrash: a core dump holds every secret in memory");
    }
    for (JsonNode env : container.path("env")) {
      if (env.path("valueFrom").has("secretKeyRef")) {
        v("env " + env.path("name").asString() + " comes from a Secret: secrets reach the daemon as files only");
      }
    }
    for (JsonNode env : container.path("envFrom")) {
      if (env.has("secretRef")) {
        v("envFrom a Secret: secrets reach the daemon as files only");
      }
    }
    if (auth instanceof DaemonConfig.VaultAuth.Kubernetes k) {
      Optional<Source> jwt = resolve(k.jwtFile().toString());
      if (jwt.isEmpty() || !"ServiceAccountToken".equals(jwt.get().type())) {
        v("vault.auth.jwtFile " + k.jwtFile() + " is not a projected service-account token");
      } else if (jwt.get().volumeSource().path("audience").asString("").isEmpty()) {
        v("the projected service-account token for Vault has no audience of its own");
      }
    } else {
      v("vault.auth.method must be kubernetes (the pod's ServiceAccount), is " + auth.getClass().getSimpleName());
    }
    cfg.vault().tls().caFile().ifPresent(ca -> {
      Optional<Source> s = resolve(ca.toString());
      if (s.isEmpty() || !Set.of("ConfigMap", "Secret").contains(s.get().type())) {
        v("vault.tls.caFile " + ca + " is not mounted");
      }
    });
  }

  private int port(JsonNode port) {
    if (port.isNumber()) {
      return port.asInt();
    }
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asString("").equals(port.asString(""))) {
        return p.path("containerPort").asInt();
      }
    }
    return -1;
  }

  private void probes() {
    int metricsPort = cfg.metrics().port();
    String host = cfg.metrics().host();
    if (!Set.of("0.0.0.0", "::", "[::]").contains(host)) {
      v("metrics.listen host " + host + ": the kubelet's probes and Prometheus connect to the pod IP, so the"
          + " daemon must listen on all interfaces (0.0.0.0 or [::])");
    }
    boolean declared = false;
    for (JsonNode p : container.path("ports")) {
      declared |= p.path("containerPort").asInt() == metricsPort;
    }
    if (!declared) {
      v("the container does not declare the metrics port " + metricsPort);
    }
    probe("livenessProbe", "/healthz", metricsPort, true);
    probe("readinessProbe", "/readyz", metricsPort, true);
    probe("startupProbe", "/healthz", metricsPort, false);
  }

  private void probe(String field, String path, int metricsPort, boolean required) {
    JsonNode p = container.path(field);
    if (p.isMissingNode()) {
      if (required) {
        v("no " + field);
      }
      return;
    }
    JsonNode get = p.path("httpGet");
    if (!path.equals(get.path("path").asString("")) || port(get.path("port")) != metricsPort) {
      v(field + " must be httpGet " + path + " on the metrics port " + metricsPort + ", is "
          + (get.isMissingNode() ? p.toString() : get.path("path").asString("?") + " on " + get.path("port")));
    }
  }

  private void store() {
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    String strategy = deployment.path("spec").path("strategy").path("type").asString("RollingUpdate");
    List<ObjectNode> pdbs = r.ofKind("PodDisruptionBudget").stream()
        .filter(p -> selects(p.path("spec").path("selector"), podLabels)).collect(Collectors.toList());
    boolean autoscaled = r.ofKind("HorizontalPodAutoscaler").stream().anyMatch(h ->
        Rendered.name(deployment).equals(h.path("spec").path("scaleTargetRef").path("name").asString()));
    if (cfg.scheduler().store() == DaemonConfig.Scheduler.Store.MEMORY) {
      if (replicas > 1) {
        v("replicas " + replicas + " with scheduler.store memory: independent in-memory schedulers would all rotate every slot");
      }
      if (!"Recreate".equals(strategy)) {
        v("strategy " + strategy + " with scheduler.store memory: an update would run the new pod beside the old one"
            + " (two memory-store schedulers); use Recreate");
      }
      if (!pdbs.isEmpty()) {
        v("a PodDisruptionBudget with a single memory-store replica blocks node drains (PDB only in HA)");
      }
      if (autoscaled) {
        v("a HorizontalPodAutoscaler scales a memory-store Deployment");
      }
      return;
    }
    if (replicas < 2) {
      v("scheduler.store jdbc with " + replicas + " replica(s): HA needs at least 2");
    }
    if (pdbs.isEmpty()) {
      v("HA without a PodDisruptionBudget: a drain may stop every replica at once");
    }
    for (ObjectNode pdb : pdbs) {
      JsonNode spec = pdb.path("spec");
      boolean allowsOne = spec.has("maxUnavailable") ? spec.path("maxUnavailable").asInt(0) >= 1
          : spec.path("minAvailable").asInt(replicas) <= replicas - 1;
      if (!allowsOne) {
        v(Rendered.id(pdb) + " allows no disruption: drains would hang");
      }
    }
    boolean antiAffinity = false;
    JsonNode anti = pod.path("affinity").path("podAntiAffinity");
    for (JsonNode term : anti.path("requiredDuringSchedulingIgnoredDuringExecution")) {
      antiAffinity |= "kubernetes.io/hostname".equals(term.path("topologyKey").asString())
          && selects(term.path("labelSelector"), podLabels);
    }
    for (JsonNode w : anti.path("preferredDuringSchedulingIgnoredDuringExecution")) {
      JsonNode term = w.path("podAffinityTerm");
      antiAffinity |= "kubernetes.io/hostname".equals(term.path("topologyKey").asString())
          && selects(term.path("labelSelector"), podLabels);
    }
    if (!antiAffinity) {
      v("HA without pod anti-affinity on kubernetes.io/hostname: replicas may share a node");
    }
    String url = cfg.scheduler().jdbc().map(DaemonConfig.Jdbc::url).orElse("");
    Map<String, String> params = query(url);
    if (!"verify-full".equals(params.get("sslmode"))) {
      v("the JDBC URL must use sslmode=verify-full, has " + params.getOrDefault("sslmode", "none"));
    }
    String rootCert = params.get("sslrootcert");
    if (rootCert == null) {
      v("the JDBC URL has no sslrootcert (the driver's default ~/.postgresql/root.crt is not in the image)");
    } else {
      Optional<Source> s = resolve(rootCert);
      if (s.isEmpty() || !Set.of("Secret", "ConfigMap").contains(s.get().type())) {
        v("sslrootcert " + rootCert + " is not mounted");
      }
    }
  }

  private static Map<String, String> query(String jdbcUrl) {
    Map<String, String> out = new LinkedHashMap<>();
    int q = jdbcUrl.indexOf('?');
    if (q >= 0) {
      for (String kv : jdbcUrl.substring(q + 1).split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    }
    return out;
  }

  private static int port(URI uri, int fallback) {
    return uri.getPort() > 0 ? uri.getPort() : fallback;
  }

  private void networkPolicy() {
    List<ObjectNode> policies = r.ofKind("NetworkPolicy").stream()
        .filter(p -> selects(p.path("spec").path("podSelector"), podLabels)).collect(Collectors.toList());
    if (policies.isEmpty()) {
      v("no NetworkPolicy selects the md-rotator pods");
      return;
    }
    boolean ingress = false;
    boolean egress = false;
    int metricsPort = cfg.metrics().port();
    Set<String> egressPorts = new TreeSet<>();
    for (ObjectNode p : policies) {
      Set<String> types = strings(p.path("spec").path("policyTypes"));
      ingress |= types.contains("Ingress");
      egress |= types.contains("Egress");
      for (JsonNode rule : p.path("spec").path("ingress")) {
        if (rule.path("ports").isEmpty() || rule.path("from").isEmpty()) {
          v(Rendered.id(p) + ": an ingress rule without ports or sources admits everything");
        }
        for (JsonNode port : rule.path("ports")) {
          if (port(port.path("port")) != metricsPort) {
            v(Rendered.id(p) + ": ingress to port " + port.path("port") + "; only the metrics port " + metricsPort + " may be reached");
          }
        }
        for (JsonNode from : rule.path("from")) {
          String ns = from.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asString("");
          if (!"monitoring".equals(ns) || from.has("ipBlock")) {
            v(Rendered.id(p) + ": ingress from " + from + "; only the monitoring namespace may scrape");
          }
        }
      }
      for (JsonNode rule : p.path("spec").path("egress")) {
        if (rule.path("ports").isEmpty() || rule.path("to").isEmpty()) {
          v(Rendered.id(p) + ": an egress rule without ports or destinations allows everything");
        }
        for (JsonNode port : rule.path("ports")) {
          egressPorts.add(port.path("protocol").asString("TCP") + "/" + port.path("port").asString());
        }
      }
    }
    if (!ingress || !egress) {
      v("the NetworkPolicies must restrict both Ingress and Egress (policyTypes), restrict " + (ingress ? "Ingress" : "")
          + (egress ? "Egress" : ""));
    }
    Set<String> needed = new TreeSet<>(Set.of("UDP/53", "TCP/53",
        "TCP/" + port(cfg.vault().address(), "https".equals(cfg.vault().address().getScheme()) ? 443 : 80),
        "TCP/" + port(cfg.motherDuck().apiUrl(), 443)));
    cfg.scheduler().jdbc().ifPresent(j -> needed.add("TCP/" + port(URI.create(j.url().replaceFirst("^jdbc:", "")), 5432)));
    Set<String> missing = new TreeSet<>(needed);
    missing.removeAll(egressPorts);
    Set<String> extra = new TreeSet<>(egressPorts);
    extra.removeAll(needed);
    if (!missing.isEmpty()) {
      v("egress is not allowed to " + missing + " (DNS, Vault, MotherDuck" + (cfg.scheduler().jdbc().isPresent() ? ", PostgreSQL" : "") + ")");
    }
    if (!extra.isEmpty()) {
      v("egress to " + extra + " is more than DNS, Vault, MotherDuck" + (cfg.scheduler().jdbc().isPresent() ? " and PostgreSQL" : "") + " need");
    }
  }

  private void scraping() {
    int metricsPort = cfg.metrics().port();
    List<ObjectNode> services = new ArrayList<>();
    Map<ObjectNode, String> portNames = new LinkedHashMap<>();
    for (ObjectNode s : r.ofKind("Service")) {
      if (!selects(s.path("spec").path("selector"), podLabels) || s.path("spec").path("selector").isEmpty()) {
        continue;
      }
      for (JsonNode p : s.path("spec").path("ports")) {
        JsonNode target = p.has("targetPort") ? p.path("targetPort") : p.path("port");
        if (port(target) == metricsPort) {
          services.add(s);
          portNames.put(s, p.path("name").asString(""));
        }
      }
    }
    if (services.isEmpty()) {
      v("no Service exposes the metrics port " + metricsPort + " of the md-rotator pods");
      return;
    }
    boolean scraped = false;
    for (ObjectNode sm : r.ofKind("ServiceMonitor")) {
      for (ObjectNode s : services) {
        if (!selects(sm.path("spec").path("selector"), labels(s.path("metadata").path("labels")))) {
          continue;
        }
        for (JsonNode ep : sm.path("spec").path("endpoints")) {
          if (portNames.get(s).equals(ep.path("port").asString("")) && "/metrics".equals(ep.path("path").asString("/metrics"))) {
            scraped = true;
            String jobLabel = sm.path("spec").path("jobLabel").asString("");
            String job = jobLabel.isEmpty() ? Rendered.name(s)
                : s.path("metadata").path("labels").path(jobLabel).asString(Rendered.name(s));
            if (!facts.alertJob().equals(job)) {
              v(Rendered.id(sm) + " scrapes as job \"" + job + "\", the alert rules expect job=\"" + facts.alertJob() + "\"");
            }
          }
        }
      }
    }
    if (!scraped) {
      v("no ServiceMonitor scrapes /metrics through the metrics Service");
    }
  }

  private void prometheusRule() {
    List<ObjectNode> rules = r.ofKind("PrometheusRule");
    if (rules.size() != 1) {
      v("exactly one PrometheusRule expected, found " + rules.size());
      return;
    }
    Optional<String> diff = ruleDifference(facts.alertGroups(), rules.get(0).path("spec").path("groups"));
    diff.ifPresent(d -> v("the PrometheusRule differs from config/prometheus/md-rotator-alerts.yaml (run"
        + " scripts/k8s-sync-alerts.sh): " + d));
  }

  /**
   * Empty when the two rule group lists are equal, whitespace inside strings aside (kustomize
   * re-serializes block scalars; the YAML value of a folded PromQL expression may gain or lose a
   * line break, which changes nothing); otherwise which rules differ.
   */
  static Optional<String> ruleDifference(JsonNode expected, JsonNode actual) {
    JsonNode a = normalized(expected);
    JsonNode b = normalized(actual);
    if (a.equals(b)) {
      return Optional.empty();
    }
    Map<String, JsonNode> ea = byRule(a);
    Map<String, JsonNode> eb = byRule(b);
    List<String> parts = new ArrayList<>();
    Set<String> missing = new TreeSet<>(ea.keySet());
    missing.removeAll(eb.keySet());
    Set<String> extra = new TreeSet<>(eb.keySet());
    extra.removeAll(ea.keySet());
    if (!missing.isEmpty()) {
      parts.add("missing " + missing);
    }
    if (!extra.isEmpty()) {
      parts.add("not in the alerts file " + extra);
    }
    Set<String> changed = new TreeSet<>();
    ea.forEach((k, n) -> {
      if (eb.containsKey(k) && !eb.get(k).equals(n)) {
        changed.add(k);
      }
    });
    if (!changed.isEmpty()) {
      parts.add("changed " + changed);
    }
    if (parts.isEmpty()) {
      parts.add("group names, order or settings differ");
    }
    return Optional.of(String.join("; ", parts));
  }

  private static Map<String, JsonNode> byRule(JsonNode groups) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode g : groups) {
      for (JsonNode rule : g.path("rules")) {
        String name = rule.path("alert").asString(rule.path("record").asString("?"));
        out.put(g.path("name").asString() + "/" + name, rule);
      }
    }
    return out;
  }

  static JsonNode normalized(JsonNode n) {
    if (n.isString()) {
      return JsonNodeFactory.instance.stringNode(n.asString().strip().replaceAll("\\s+", " "));
    }
    if (n.isObject()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      n.properties().forEach(e -> o.set(e.getKey(), normalized(e.getValue())));
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> a.add(normalized(x)));
      return a;
    }
    return n;
  }

  // ---- helpers ----

  static Map<String, String> labels(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
    return out;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(x -> out.add(x.asString()));
    return out;
  }

  /** Label selector semantics (matchLabels and matchExpressions; an empty selector selects all). */
  static boolean selects(JsonNode selector, Map<String, String> labels) {
    if (selector.isMissingNode() || selector.isNull()) {
      return false;
    }
    for (var e : selector.path("matchLabels").properties()) {
      if (!e.getValue().asString().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode ex : selector.path("matchExpressions")) {
      String key = ex.path("key").asString();
      Set<String> values = strings(ex.path("values"));
      boolean ok = switch (ex.path("operator").asString()) {
        case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
        case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static final Pattern QUANTITY = Pattern.compile("^(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)?$");

  /** A memory quantity in bytes. */
  static Optional<Long> bytes(JsonNode q) {
    if (q.isMissingNode()) {
      return Optional.empty();
    }
    Matcher m = QUANTITY.matcher(q.asString());
    if (!m.matches()) {
      return Optional.empty();
    }
    double n = Double.parseDouble(m.group(1));
    long unit = switch (m.group(2) == null ? "" : m.group(2)) {
      case "Ki" -> 1L << 10;
      case "Mi" -> 1L << 20;
      case "Gi" -> 1L << 30;
      case "Ti" -> 1L << 40;
      case "k", "K" -> 1000L;
      case "M" -> 1000L * 1000;
      case "G" -> 1000L * 1000 * 1000;
      case "T" -> 1000L * 1000 * 1000 * 1000;
      default -> 1L;
    };
    return Optional.of((long) (n * unit));
  }
}
