package io.mdrotator.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mdrotator.port.CasResult;
import io.mdrotator.port.KvData;
import io.mdrotator.port.KvMetadata;
import io.mdrotator.port.KvStore;
import io.mdrotator.port.KvVersion;
import io.mdrotator.port.VaultStoreException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A CAS write without a usable reply is settled by reading the key back, never by writing again. */
class LostWriteResolverTest {
  private static final KvData OURS = KvData.of(Map.of("token", "ours"));
  private static final KvData THEIRS = KvData.of(Map.of("token", "theirs"));

  private final Reads reads = new Reads();
  private final LostWriteResolver resolver = new LostWriteResolver(reads, new KvPaths("secret"));
  private final VaultStoreException lost = new VaultStoreException("write-cas", "secret/k", 0, "reply lost", null);

  @Test
  void ourDataAtTheNextVersionMeansTheWriteLanded() {
    reads.put(4, OURS);

    assertThat(resolver.resolve("k", OURS, 3, lost)).isInstanceOfSatisfying(CasResult.Written.class, w -> assertThat(w.version()).isEqualTo(4L));
  }

  @Test
  void otherDataAtTheNextVersionMeansAnotherWriterWon() {
    reads.put(4, THEIRS);
    reads.put(5, OURS);

    assertThat(resolver.resolve("k", OURS, 3, lost)).isEqualTo(new CasResult.Conflict(3, 5));
  }

  @Test
  void noNewVersionRethrowsTheOriginalFailure() {
    reads.put(3, THEIRS);

    assertThatThrownBy(() -> resolver.resolve("k", OURS, 3, lost)).isSameAs(lost);
  }

  @Test
  void aFailedReadBackRethrowsTheOriginalWithTheReadFailureSuppressed() {
    VaultStoreException readFailure = new VaultStoreException("read-metadata", "secret/k", 503, "sealed", null);
    reads.failWith = readFailure;

    assertThatThrownBy(() -> resolver.resolve("k", OURS, 3, lost)).isSameAs(lost);
    assertThat(lost.getSuppressed()).containsExactly(readFailure);
  }

  /** Versions of one key; writing is not allowed here. */
  private static final class Reads implements KvStore {
    final Map<Long, KvData> versions = new HashMap<>();
    long current;
    VaultStoreException failWith;

    void put(long version, KvData data) {
      versions.put(version, data);
      current = Math.max(current, version);
    }

    @Override
    public Optional<KvMetadata> readMetadata(String path) {
      if (failWith != null) {
        throw failWith;
      }
      return current == 0 ? Optional.empty()
          : Optional.of(new KvMetadata(current, 1, 0, false, Map.of()));
    }

    @Override
    public Optional<KvVersion> readVersion(String path, long version) {
      return Optional.ofNullable(versions.get(version))
          .map(d -> new KvVersion(version, d, Instant.EPOCH, Map.of()));
    }

    @Override
    public Optional<KvVersion> readLatest(String path) {
      return readVersion(path, current);
    }

    @Override
    public CasResult writeCas(String path, KvData data, long expectedVersion) {
      throw new AssertionError("a lost write is never repeated");
    }

    @Override
    public void writeCustomMetadata(String path, Map<String, String> customMetadata) {
      throw new AssertionError("not a read");
    }

    @Override
    public void softDeleteLatest(String path) {
      throw new AssertionError("not a read");
    }

    @Override
    public void destroyAll(String path) {
      throw new AssertionError("not a read");
    }
  }
}
