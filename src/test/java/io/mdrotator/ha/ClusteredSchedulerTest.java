package io.mdrotator.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mdrotator.policy.TokenType;
import io.mdrotator.policy.AccountPolicy;
import io.mdrotator.policy.Policy;
import io.mdrotator.policy.RenewBefore;
import io.mdrotator.policy.SlotId;
import io.mdrotator.policy.SlotPolicy;
import io.mdrotator.policy.UnmanagedTokens;
import io.mdrotator.schedule.ClusterMember;
import io.mdrotator.schedule.ClusterView;
import io.mdrotator.schedule.JdbcStore;
import io.mdrotator.schedule.QuartzSchema;
import io.mdrotator.schedule.RotationScheduler;
import io.mdrotator.schedule.SchedulerOptions;
import io.mdrotator.schedule.LastRun;
import io.mdrotator.schedule.SlotRunner;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Quartz clustered on one embedded PostgreSQL (one instance for the class); each test its own table prefix. */
class ClusteredSchedulerTest {
  private static final String CLUSTER = "md-rotator-it";
  private static final Clock CLOCK = Clock.systemUTC();
  private static EmbeddedPostgres pg;
  private final List<RotationScheduler> nodes = new ArrayList<>();

  @BeforeAll
  static void startPostgres() throws IOException {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    pg.close();
  }

  @AfterEach
  void stopNodes() {
    nodes.forEach(n -> n.shutdown(Duration.ZERO));
  }

  private static JdbcStore store(String prefix, String instanceId) {
    return new JdbcStore(pg.getJdbcUrl("postgres", "postgres"), Optional.of("postgres"), Optional.empty(),
        prefix, instanceId, Duration.ofSeconds(1));
  }

  private RotationScheduler node(String prefix, String id, SlotRunner runner) {
    SchedulerOptions options = new SchedulerOptions(CLUSTER, 2, Duration.ofMinutes(10), Duration.ofMillis(20),
        Duration.ofMillis(200)).withJdbc(store(prefix, id));
    RotationScheduler n = new RotationScheduler(runner, CLOCK, options);
    nodes.add(n);
    return n;
  }

  private static Policy policy(int slots) {
    List<SlotPolicy> list = IntStream.range(0, slots).mapToObj(i -> new SlotPolicy(new SlotId("svc", "s" + i),
        TokenType.READ_WRITE, Duration.ofHours(1), RenewBefore.DEFAULT, Duration.ofMinutes(5), "kv/s" + i)).toList();
    return new Policy(List.of(new AccountPolicy("svc", false, Optional.empty(), UnmanagedTokens.REPORT, list)));
  }

  private static int count(String sql) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection(); ResultSet r = c.createStatement().executeQuery(sql)) {
      r.next();
      return r.getInt(1);
    }
  }

  @Test
  void schemaInitIsIdempotentAndSafeFromThreeThreadsOnAnEmptyDatabase() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Void>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> {
          go.await();
          QuartzSchema.ensure(pg.getPostgresDatabase(), "SCH_", CLUSTER);
          return null;
        }));
      }
      go.countDown();
      for (Future<Void> f : results) {
        f.get(30, TimeUnit.SECONDS); // rethrows any SQLException
      }
    } finally {
      pool.shutdownNow();
    }
    QuartzSchema.ensure(pg.getPostgresDatabase(), "SCH_", CLUSTER);
    assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'sch\\_%'")).isEqualTo(12); // Quartz's 11 + SLOT_RUNS
    assertThat(count("SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'sch\\_idx\\_%'")).isEqualTo(20);
    assertThat(count("SELECT count(*) FROM SCH_LOCKS WHERE SCHED_NAME = '" + CLUSTER + "'")).isEqualTo(2);
  }

  @Test
  void schemaCheckDoesNotWaitForRunningNodesTableLocks() throws Exception {
    QuartzSchema.ensure(pg.getPostgresDatabase(), "BUSY_", CLUSTER);
    try (Connection busy = pg.getPostgresDatabase().getConnection()) {
      busy.setAutoCommit(false);
      busy.createStatement().executeUpdate("UPDATE BUSY_TRIGGERS SET PRIORITY = 1"); // RowExclusiveLock, held
      ExecutorService other = Executors.newSingleThreadExecutor();
      try {
        Future<Void> second = other.submit(() -> {
          QuartzSchema.ensure(pg.getPostgresDatabase(), "BUSY_", CLUSTER);
          return null;
        });
        second.get(5, TimeUnit.SECONDS); // CREATE INDEX IF NOT EXISTS would block on a SHARE lock here
      } finally {
        other.shutdownNow();
        busy.rollback();
      }
    }
  }

  @Test
  void twoNodesRunEveryDueRunExactlyOnceAndNeverConcurrently() {
    Duration period = Duration.ofMillis(300);
    Map<SlotId, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    Map<SlotId, Instant> due = new ConcurrentHashMap<>();
    Map<SlotId, List<String>> runs = new ConcurrentHashMap<>();
    List<String> violations = new CopyOnWriteArrayList<>();
    SlotRunner[] runners = new SlotRunner[2];
    for (int n = 0; n < 2; n++) {
      String name = "node-" + n;
      runners[n] = (slot, account) -> {
        Instant now = CLOCK.instant();
        if (inFlight.computeIfAbsent(slot.id(), k -> new AtomicInteger()).incrementAndGet() > 1) {
          violations.add("concurrent run of " + slot.id());
        }
        Instant expected = due.get(slot.id());
        if (expected != null && now.isBefore(expected.minusMillis(50))) {
          violations.add("early or double run of " + slot.id() + " at " + now + ", due " + expected);
        }
        runs.computeIfAbsent(slot.id(), k -> new CopyOnWriteArrayList<>()).add(name);
        try {
          Thread.sleep(50); // the work; a second runner would overlap here
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Instant next = CLOCK.instant().plus(period);
        due.put(slot.id(), next);
        inFlight.get(slot.id()).decrementAndGet();
        return next;
      };
    }
    Policy policy = policy(4);
    node("EX_", "node-0", runners[0]).start(policy);
    node("EX_", "node-1", runners[1]).start(policy);

    await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() == 4
        && runs.values().stream().allMatch(l -> l.size() >= 8));
    assertThat(violations).isEmpty();
    System.out.println("runs per slot by node: " + runs);
  }

  /**
   * Nodes starting at once on an empty store race to create each slot's trigger; the loser of a
   * race must take the trigger as scheduled instead of failing start-up (it used to exit with
   * ObjectAlreadyExistsException, seen in ThreeJvmClusterTest).
   */
  @Test
  void nodesStartingAtOnceOnAnEmptyStoreAllStartAndScheduleEverySlot() throws Exception {
    SlotRunner runner = (slot, account) -> CLOCK.instant().plus(Duration.ofMinutes(5));
    Policy policy = policy(150);
    List<RotationScheduler> racers = List.of(node("RACE_", "node-a", runner), node("RACE_", "node-b", runner),
        node("RACE_", "node-c", runner));
    java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(racers.size());
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers.size());
    try {
      List<java.util.concurrent.Future<?>> starts = new ArrayList<>();
      for (RotationScheduler n : racers) {
        starts.add(pool.submit(() -> {
          barrier.await();
          n.start(policy);
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : starts) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS); // throws if a node failed to start
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("select count(*) from RACE_TRIGGERS")).isEqualTo(150);
    assertThat(count("select count(*) from RACE_JOB_DETAILS")).isEqualTo(150);
  }

  @Test
  void joiningNodeKeepsTheScheduleOthersSet() {
    AtomicInteger runs = new AtomicInteger();
    SlotRunner runner = (slot, account) -> {
      runs.incrementAndGet();
      return CLOCK.instant().plus(Duration.ofMinutes(5));
    };
    Policy policy = policy(1);
    SlotId slot = new SlotId("svc", "s0");
    RotationScheduler a = node("JN_", "node-a", runner);
    a.start(policy);
    await().atMost(Duration.ofSeconds(15)).until(() -> runs.get() == 1
        && a.nextRun(slot).filter(t -> t.isAfter(CLOCK.instant().plusSeconds(60))).isPresent());
    Instant planned = a.nextRun(slot).orElseThrow();

    RotationScheduler b = node("JN_", "node-b", runner);
    b.start(policy);
    b.apply(policy, policy);

    assertThat(b.nextRun(slot)).contains(planned);
    assertThat(runs).hasValue(1);
  }

  @Test
  void deadNodesInFlightRunIsRecoveredByTheOtherWithinTheBound() throws Exception {
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    SlotRunner hangs = (slot, account) -> {
      hung.countDown();
      try {
        never.await(); // the node dies in the middle of this run
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("killed node must not get here");
    };
    List<Instant> survivorRuns = new CopyOnWriteArrayList<>();
    SlotRunner survivor = (slot, account) -> {
      survivorRuns.add(CLOCK.instant());
      return CLOCK.instant().plus(Duration.ofMinutes(5));
    };
    Policy policy = policy(1);
    RotationScheduler a = node("FO_", "node-a", hangs);
    a.start(policy);
    assertThat(hung.await(15, TimeUnit.SECONDS)).isTrue();
    SlotId slot = new SlotId("svc", "s0");
    LastRun inFlight = view("FO_").lastRuns().get(slot);
    assertThat(inFlight.instanceId()).isEqualTo("node-a");
    assertThat(inFlight.outcome()).isEqualTo(LastRun.RUNNING);
    assertThat(inFlight.finishedAt()).isEmpty();
    RotationScheduler b = node("FO_", "node-b", survivor);
    b.start(policy);
    Thread.sleep(1500); // b alone must not run the slot while a's run is in flight and a is alive
    assertThat(survivorRuns).isEmpty();

    Instant killed = CLOCK.instant();
    a.shutdown(Duration.ZERO); // no wait: the run stays in flight, a stops checking in
    Duration bound = store("FO_", "x").failoverBound();
    await().atMost(bound.plusSeconds(3)).until(() -> !survivorRuns.isEmpty());
    Duration took = Duration.between(killed, survivorRuns.get(0));
    System.out.println("failover took " + took + " (bound " + bound + ")");
    assertThat(took).isLessThanOrEqualTo(bound.plusSeconds(2)); // + thread and DB latency on a busy box
    await().atMost(Duration.ofSeconds(5)).until(() -> view("FO_").lastRuns().get(slot).finishedAt().isPresent());
    LastRun recovered = view("FO_").lastRuns().get(slot);
    assertThat(recovered.instanceId()).isEqualTo("node-b");
    assertThat(recovered.outcome()).isEqualTo("ok");
    assertThat(recovered.startedAt()).isAfter(killed);
    never.countDown();
  }

  @Test
  void slotRunsAndMembersShowWhichNodeRanEachSlotAndHowItEnded() throws Exception {
    SlotRunner runner = new SlotRunner() {
      @Override
      public Instant run(SlotPolicy slot, AccountPolicy account) {
        throw new UnsupportedOperationException("runReporting is called");
      }

      @Override
      public Result runReporting(SlotPolicy slot, AccountPolicy account) {
        if (slot.id().slot().equals("s1")) {
          throw new IllegalStateException("MotherDuck down");
        }
        return new Result(CLOCK.instant().plus(Duration.ofMinutes(5)), "rotated");
      }
    };
    Instant before = CLOCK.instant();
    node("SR_", "node-x", runner).start(policy(2));
    await().atMost(Duration.ofSeconds(15)).until(() -> view("SR_").lastRuns().values().stream()
        .filter(r -> r.finishedAt().isPresent()).count() == 2);

    ClusterView view = view("SR_");
    assertThat(view.initialised()).isTrue();
    assertThat(view.members()).extracting(ClusterMember::instanceId).containsExactly("node-x");
    ClusterMember x = view.members().get(0);
    assertThat(x.checkinInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(x.liveAt(CLOCK.instant())).isTrue();
    assertThat(x.liveAt(x.lastCheckin().plusMillis(8500))).isTrue();
    assertThat(x.liveAt(x.lastCheckin().plusMillis(8501))).as("interval 1 s + Quartz's 7.5 s").isFalse();
    LastRun ok = view.lastRuns().get(new SlotId("svc", "s0"));
    LastRun failed = view.lastRuns().get(new SlotId("svc", "s1"));
    assertThat(ok.instanceId()).isEqualTo("node-x");
    assertThat(ok.outcome()).isEqualTo("rotated");
    assertThat(ok.startedAt()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(ok.finishedAt().orElseThrow()).isAfterOrEqualTo(ok.startedAt());
    assertThat(failed.outcome()).isEqualTo("failed: IllegalStateException");
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      assertThat(ClusterView.read(c, "NONE_", CLUSTER).initialised()).as("no tables yet").isFalse();
    }
  }

  private static ClusterView view(String prefix) throws SQLException {
    return ClusterView.read(store(prefix, "reader"), CLUSTER);
  }
}
