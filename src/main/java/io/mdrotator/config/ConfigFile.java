package io.mdrotator.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The configuration file as written; absent keys are null. Bound strictly after the schema check. */
record ConfigFile(
    @JsonProperty(value = "policyFile", required = true) String policyFile,
    @JsonProperty(value = "motherduck", required = true) MotherDuck motherduck,
    @JsonProperty(value = "vault", required = true) Vault vault,
    @JsonProperty("metrics") Metrics metrics,
    @JsonProperty("scheduler") Scheduler scheduler,
    @JsonProperty("logging") Logging logging) {

  record SecretRef(
      @JsonProperty("file") String file,
      @JsonProperty("env") String env,
      @JsonProperty("credential") String credential) {}

  record MotherDuck(
      @JsonProperty("apiUrl") String apiUrl,
      @JsonProperty(value = "adminToken", required = true) SecretRef adminToken,
      @JsonProperty("requestsPerSecond") Double requestsPerSecond,
      @JsonProperty("requestTimeout") String requestTimeout,
      @JsonProperty("allowShortTtl") Boolean allowShortTtl,
      @JsonProperty("tls") Tls tls,
      @JsonProperty("allowInsecureHttp") Boolean allowInsecureHttp) {}

  record Vault(
      @JsonProperty(value = "address", required = true) String address,
      @JsonProperty("namespace") String namespace,
      @JsonProperty("mount") String mount,
      @JsonProperty("statePath") String statePath,
      @JsonProperty(value = "auth", required = true) Auth auth,
      @JsonProperty("tls") Tls tls,
      @JsonProperty("openTimeout") String openTimeout,
      @JsonProperty("readTimeout") String readTimeout,
      @JsonProperty("allowInsecureHttp") Boolean allowInsecureHttp) {}

  record Auth(
      @JsonProperty(value = "method", required = true) String method,
      @JsonProperty("token") SecretRef token,
      @JsonProperty("roleId") SecretRef roleId,
      @JsonProperty("secretId") SecretRef secretId,
      @JsonProperty("role") String role,
      @JsonProperty("jwtFile") String jwtFile,
      @JsonProperty("path") String path) {}

  record Tls(
      @JsonProperty("caFile") String caFile,
      @JsonProperty("clientCert") String clientCert,
      @JsonProperty("clientKey") String clientKey) {}

  record Metrics(@JsonProperty("listen") String listen) {}

  record Scheduler(
      @JsonProperty("store") String store,
      @JsonProperty("threads") Integer threads,
      @JsonProperty("resyncInterval") String resyncInterval,
      @JsonProperty("livenessWatch") LivenessWatch livenessWatch,
      @JsonProperty("jdbc") Jdbc jdbc) {}

  record LivenessWatch(
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("interval") String interval,
      @JsonProperty("budgetShare") Double budgetShare,
      @JsonProperty("maxListingsPerSecond") Double maxListingsPerSecond) {}

  record Jdbc(
      @JsonProperty(value = "url", required = true) String url,
      @JsonProperty("user") String user,
      @JsonProperty("password") SecretRef password,
      @JsonProperty("tablePrefix") String tablePrefix,
      @JsonProperty("clusterCheckinInterval") String clusterCheckinInterval) {}

  record Logging(
      @JsonProperty("format") String format,
      @JsonProperty("auditFile") String auditFile,
      @JsonProperty("level") String level,
      @JsonProperty("levels") java.util.Map<String, String> levels) {}
}
