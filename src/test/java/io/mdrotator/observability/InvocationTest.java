package io.mdrotator.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who ran what, as the {@code command_invoked} audit event records it. */
class InvocationTest {
  @Test
  void theUserBehindSudoComesFirstThenUserThenLogname() {
    assertThat(Invocation.user(Map.of("SUDO_USER", "alice", "USER", "root", "LOGNAME", "root"))).isEqualTo("alice");
    assertThat(Invocation.user(Map.of("USER", "bob", "LOGNAME", "robert"))).isEqualTo("bob");
    assertThat(Invocation.user(Map.of("USER", " ", "LOGNAME", "carol"))).isEqualTo("carol");
    assertThat(Invocation.user(Map.of())).isEqualTo(System.getProperty("user.name"));
  }

  @Test
  void credentialOptionValuesAndCredentialShapedArgumentsAreMasked() {
    String jwt = MaskingEncodersTest.JWT;
    List<String> args = Invocation.withoutSecrets(List.of(
        "--config", "/etc/md-rotator/md-rotator.yaml", "--admin-token", "plainword", "--vault-token=hvs.x",
        "--revoke-previous", "etl_loader/rw", jwt));

    assertThat(args).containsExactly("--config", "/etc/md-rotator/md-rotator.yaml", "--admin-token", "****",
        "--vault-token=****", "--revoke-previous", "etl_loader/rw", "****");
    LeakCanary.watching(jwt).assertNoLeak("args", String.join(" ", args));
  }

  @Test
  void hostAndPidAreThisProcesses() {
    Invocation i = Invocation.of("rotate", List.of("a"), Map.of());
    assertThat(i.host()).isNotBlank().isNotEqualTo("unknown");
    assertThat(i.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(i.command()).isEqualTo("rotate");
  }
}
