package io.mdrotator.port;

import io.mdrotator.secret.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields of one KV version. Values are treated as sensitive: {@link #toString()} lists the
 * keys only, so a KvData can appear in logs and exceptions without leaking a token.
 */
public final class KvData {
  private final Map<String, String> fields;

  private KvData(Map<String, String> fields) {
    this.fields = Map.copyOf(fields);
  }

  public static KvData of(Map<String, String> fields) {
    return new KvData(fields);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A plain (non-secret) field. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(fields.get(key));
  }

  /** A field holding a credential, wrapped so it cannot be printed by accident. */
  public Optional<Secret> secret(String key) {
    String v = fields.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(Secret.of(v));
  }

  /** All fields with their values: for the adapter that sends them to Vault only. */
  public Map<String, String> revealAll() {
    return fields;
  }

  public java.util.Set<String> keys() {
    return fields.keySet();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KvData other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "KvData" + new java.util.TreeSet<>(fields.keySet());
  }

  /** Builds a KvData; {@link #putSecret} is the only way to add a credential. */
  public static final class Builder {
    private final Map<String, String> fields = new LinkedHashMap<>();

    public Builder put(String key, String value) {
      fields.put(Objects.requireNonNull(key), Objects.requireNonNull(value, key));
      return this;
    }

    public Builder putSecret(String key, Secret value) {
      fields.put(Objects.requireNonNull(key), value.reveal());
      return this;
    }

    public KvData build() {
      return new KvData(fields);
    }
  }
}
