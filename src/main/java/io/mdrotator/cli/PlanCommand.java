package io.mdrotator.cli;

import io.mdrotator.config.DaemonConfig;
import io.mdrotator.config.SecretSourceException;
import io.mdrotator.daemon.Composition;
import io.mdrotator.rotation.Reconciler;
import io.mdrotator.rotation.SlotReport;
import io.mdrotator.schedule.ClusterView;
import io.mdrotator.schedule.SchedulerOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code md-rotator plan}: read-only view of every slot and what the daemon would do now. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show what the daemon would do for every slot now; changes nothing.",
      "Per slot: the token Vault serves, whether it is live, its expiry, the next rotation, pending revocations, orphans, unmanaged tokens and the actions due now; with the clustered store also the cluster members and the node that last ran each slot.",
      "Exit 0, 1 when a slot could not be inspected, 2 on invalid config or policy."
    })
public final class PlanCommand implements Callable<Integer> {
  /** Output formats. */
  public enum Output {
    text,
    json
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "Daemon configuration file.")
  Path config;

  @Option(names = "--output", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
  Output output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      CommandSetup.Loaded loaded = CommandSetup.load(config);
      Instant now = loaded.clock().instant();
      Optional<ClusterView> view = Optional.empty();
      Map<String, Object> cluster = ClusterSection.singleNode();
      if (ClusterSection.clustered(loaded.config())) {
        try {
          view = Optional.of(readCluster(loaded.config()));
          cluster = ClusterSection.of(view.get(), now);
        } catch (SQLException e) {
          cluster = new LinkedHashMap<>(Map.of("store", "jdbc", "single_node", false,
              "error", "cannot read the clustered store: " + e.getMessage()));
        }
      }
      Optional<ClusterView> v = view;
      List<Map<String, Object>> rows = new Reconciler(loaded.engine())
          .inspectAll(loaded.policy(), now).stream().map(i -> row(i, v, now)).toList();
      if (output == Output.json) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", now.toString());
        doc.put("slots", rows);
        doc.put("cluster", cluster);
        out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
            .writeValueAsString(doc));
      } else {
        rows.forEach(r -> out.println(text(r)));
        if (cluster.containsKey("error")) {
          out.println("cluster: " + cluster.get("error"));
        } else {
          ClusterSection.text(cluster).forEach(out::println);
        }
      }
      out.flush();
      return rows.stream().anyMatch(r -> r.containsKey("error")) || cluster.containsKey("error") ? 1 : 0;
    } catch (CommandSetup.InvalidInput e) {
      return e.print(spec.commandLine().getErr());
    }
  }

  private static ClusterView readCluster(DaemonConfig config) throws SQLException, CommandSetup.InvalidInput {
    SchedulerOptions options;
    try {
      options = Composition.of(config).schedulerOptions();
    } catch (SecretSourceException e) {
      throw new CommandSetup.InvalidInput(List.of(config.configFile() + ": " + e.getMessage()));
    }
    return ClusterView.read(options.jdbc().orElseThrow(), options.instanceName());
  }

  private static Map<String, Object> row(Reconciler.Inspection inspection, Optional<ClusterView> view, Instant now) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("slot", inspection.slot().toString());
    inspection.error().ifPresent(e -> row.put("error", e.getMessage()));
    inspection.report().ifPresent(r -> describe(r, row));
    view.ifPresent(v -> row.put("last_run", ClusterSection.lastRun(v, inspection.slot(), now).orElse(null)));
    return row;
  }

  private static void describe(SlotReport r, Map<String, Object> row) {
    row.put("served_token_id", r.servedTokenId().orElse(null));
    row.put("liveness", r.liveness().state().label());
    row.put("vault_version", r.servedVaultVersion().orElse(null));
    row.put("expires_at", r.servedExpiresAt().map(Instant::toString).orElse(null));
    row.put("next_rotation", r.nextRotation().map(Instant::toString).orElse(null));
    row.put("pending_revocations", r.pendingRevocations().stream()
        .map(p -> Map.of("token_id", p.tokenId(), "revoke_after", p.revokeAfter().toString())).toList());
    row.put("orphans", r.orphanTokenIds());
    row.put("unmanaged", r.unmanagedTokenIds());
    row.put("due_now", DueActions.of(r));
    row.put("next_wake_up", r.nextWakeUp().toString());
    r.retirement().ifPresent(t -> row.put("retirement", retirement(t)));
  }

  /** A retired slot: {@code recorded_at} (null: recorded at the next run), {@code revoke_after} (null: done). */
  private static Map<String, Object> retirement(SlotReport.Retiring t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recorded_at", t.recordedAt().map(Instant::toString).orElse(null));
    m.put("revoke_after", t.revokeAfter().map(Instant::toString).orElse(null));
    m.put("destroy", t.destroy());
    return m;
  }

  private static String text(Map<String, Object> row) {
    StringBuilder b = new StringBuilder(String.valueOf(row.get("slot")));
    row.forEach((k, v) -> {
      if (!k.equals("slot") && v != null && !(v instanceof List<?> l && l.isEmpty())) {
        @SuppressWarnings("unchecked")
        Object shown = k.equals("last_run") ? ClusterSection.lastRunText((Map<String, Object>) v) : v;
        b.append("\n  ").append(k).append(": ").append(shown);
      }
    });
    return b.toString();
  }
}
