package io.mdrotator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.config.ConfigLoader;
import io.mdrotator.config.DaemonConfig;
import io.mdrotator.daemon.Daemon;
import io.mdrotator.demo.LocalDaemonFiles;
import io.mdrotator.emulator.motherduck.EmulatorOptions;
import io.mdrotator.emulator.motherduck.MotherDuckEmulator;
import io.mdrotator.emulator.vault.AclPolicy;
import io.mdrotator.emulator.vault.VaultEmulator;
import io.mdrotator.emulator.vault.VaultEmulatorOptions;
import io.mdrotator.policy.SignalHook;
import io.mdrotator.rotation.RotationListener;
import io.mdrotator.secret.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single overlay's rendered config and policy, run by the real daemon the way the pod runs
 * them: the projected volume at /etc/md-rotator laid out as the kubelet writes it (timestamped
 * directory, {@code ..data} symlink, file symlinks), the admin token as a mounted Secret file,
 * Vault's Kubernetes auth with the projected token file and the shipped least-privilege Vault
 * policy, metrics on 0.0.0.0. The paths are moved under a temporary root and the two endpoints
 * pointed at the emulators; nothing else is changed. The daemon must become ready, store the
 * example slot's token, and reload the policy when the volume's {@code ..data} link is swapped
 * (a ConfigMap update), without a restart or a signal.
 */
class KubernetesPodSimulationTest {
  @TempDir Path dir;

  @Test
  void theRenderedSingleConfigRunsAndHotReloadsAConfigMapSwap() throws Exception {
    Rendered r = KubernetesManifestsTest.render("overlays/single");
    String config = r.ofKind("ConfigMap").stream().filter(c -> Rendered.name(c).startsWith("md-rotator-config"))
        .findFirst().orElseThrow().path("data").path("md-rotator.yaml").asString();
    String policy = r.get("ConfigMap", "md-rotator-policy").path("data").path("policy.yaml").asString();
    Path root = dir.resolve("pod");
    Secret admin = Secret.of("k8s-admin-" + LocalDaemonFiles.randomHex());
    Secret jwt = Secret.of("k8s-sa-jwt-" + LocalDaemonFiles.randomHex());

    try (MotherDuckEmulator md = MotherDuckEmulator.start(EmulatorOptions.builder(admin).port(0)
            .accounts(List.of("etl_loader", "bi_loader")).build());
        VaultEmulator vault = VaultEmulator.start(VaultEmulatorOptions.defaults().port(0)
            .rootToken("k8s-root-" + LocalDaemonFiles.randomHex()))) {
      vault.addPolicy(shippedRotatorPolicy());
      vault.addKubernetesRole("md-rotator", jwt, List.of("md-rotator"), Duration.ofHours(1), Duration.ofHours(24));

      int port = LocalDaemonFiles.freePort();
      String podConfig = replaceAll(config, Map.of(
          "https://api.motherduck.com", md.baseUri().toString().replaceFirst("/$", ""),
          "https://vault.vault.svc:8200", vault.address().toString().replaceFirst("/$", ""),
          "0.0.0.0:9464", "0.0.0.0:" + port))
          .replace("/var/run/secrets/", "\u0000")
          .replace("/run/secrets/", root + "/run/secrets/")
          .replace("/etc/md-rotator/", root + "/etc/md-rotator/")
          .replace("\u0000", root + "/var/run/secrets/");
      Path etc = root.resolve("etc/md-rotator");
      kubeletWrites(etc, "..2026_01_01_00_00_00.1", Map.of("md-rotator.yaml", podConfig, "policy.yaml", policy));
      writeFile(root.resolve("run/secrets/md-rotator/motherduck/admin-token"), admin.reveal());
      writeFile(root.resolve("var/run/secrets/vault/token"), jwt.reveal());

      DaemonConfig cfg = ConfigLoader.load(etc.resolve("md-rotator.yaml"));
      assertThat(cfg.vault().auth()).isInstanceOf(DaemonConfig.VaultAuth.Kubernetes.class);
      assertThat(cfg.metrics().host()).isEqualTo("0.0.0.0");
      HttpClient http = HttpClient.newHttpClient();
      try (Daemon daemon = Daemon.start(cfg, Map.of(), Clock.systemUTC(), RotationListener.NOOP, SignalHook.NONE)) {
        await("/readyz 200").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> get(http, port, "/readyz").statusCode() == 200);
        assertThat(get(http, port, "/healthz").statusCode()).isEqualTo(200);
        await("the example slot's token in Vault").atMost(Duration.ofSeconds(30))
            .until(() -> vault.currentData("motherduck/etl_loader/rw").map(d -> d.containsKey("token")).orElse(false));
        assertThat(get(http, port, "/readyz").body()).contains("1 slots");

        // A ConfigMap update as the kubelet applies it: new timestamped directory, ..data swapped.
        String next = policy + "  - username: bi_loader\n    slots:\n      - name: rw\n        token_type: read_write\n";
        kubeletWrites(etc, "..2026_01_01_00_05_00.2", Map.of("md-rotator.yaml", podConfig, "policy.yaml", next));
        await("the new policy's slot rotated after the ..data swap").atMost(Duration.ofSeconds(60))
            .until(() -> vault.currentData("motherduck/bi_loader/rw").map(d -> d.containsKey("token")).orElse(false));
        assertThat(get(http, port, "/readyz").body()).contains("2 slots");
        assertThat(daemon.policy().slots()).hasSize(2);
      }
    }
  }

  /** The kubelet's atomic writer: files in a new timestamped directory, {@code ..data} swapped by rename, then the old directory removed. */
  private static void kubeletWrites(Path volume, String timestamped, Map<String, String> files) throws Exception {
    Files.createDirectories(volume);
    Path target = Files.createDirectory(volume.resolve(timestamped));
    for (var f : files.entrySet()) {
      Files.writeString(target.resolve(f.getKey()), f.getValue());
    }
    Path data = volume.resolve("..data");
    Path old = Files.isSymbolicLink(data) ? volume.resolve(Files.readSymbolicLink(data)) : null;
    Path tmp = volume.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, Path.of(timestamped));
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String name : files.keySet()) {
      Path link = volume.resolve(name);
      if (!Files.isSymbolicLink(link)) {
        Files.createSymbolicLink(link, Path.of("..data", name));
      }
    }
    if (old != null) {
      for (String name : files.keySet()) {
        Files.deleteIfExists(old.resolve(name));
      }
      Files.delete(old);
    }
  }

  private static void writeFile(Path file, String content) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static String replaceAll(String text, Map<String, String> replacements) {
    String out = text;
    for (var e : new LinkedHashMap<>(replacements).entrySet()) {
      assertThat(out).as("the rendered config contains %s", e.getKey()).contains(e.getKey());
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** config/vault/md-rotator.hcl as {@code vault policy write md-rotator} loads it. */
  private static AclPolicy shippedRotatorPolicy() throws Exception {
    return AclPolicy.parse("md-rotator", Files.readString(Kubectl.ROOT.resolve("config/vault/md-rotator.hcl")));
  }
}
