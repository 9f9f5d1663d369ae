package io.mdrotator.vault;

import io.mdrotator.secret.Secret;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How the daemon authenticates to Vault. Records hold {@link Secret}s, so their {@code toString()}
 * is safe to log. Only {@link Token} cannot log in again once its token expires.
 */
public sealed interface VaultAuth {

  /** A token resolved by the caller (from a file or the environment). */
  static VaultAuth token(Secret token) {
    return new Token(token);
  }

  /** AppRole on the default mount {@code approle}. */
  static VaultAuth appRole(Secret roleId, Secret secretId) {
    return new AppRole("approle", roleId, secretId);
  }

  static VaultAuth appRole(String mount, Secret roleId, Secret secretId) {
    return new AppRole(mount, roleId, secretId);
  }

  /** Kubernetes auth on {@code auth/kubernetes}; the JWT file is read at each login. */
  static VaultAuth kubernetes(String role, Path jwtFile) {
    return new Kubernetes("auth/kubernetes", role, jwtFile);
  }

  /** Kubernetes auth on a custom mount; {@code authPath} is the full path, e.g. {@code auth/k8s-prod}. */
  static VaultAuth kubernetes(String authPath, String role, Path jwtFile) {
    return new Kubernetes(authPath, role, jwtFile);
  }

  /** Short name for metrics and messages: token, approle or kubernetes. */
  String method();

  /** A static token; it may be renewed but never re-obtained. */
  record Token(Secret token) implements VaultAuth {
    public Token {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String method() {
      return "token";
    }
  }

  /** AppRole credentials. */
  record AppRole(String mount, Secret roleId, Secret secretId) implements VaultAuth {
    public AppRole {
      Objects.requireNonNull(mount, "mount");
      Objects.requireNonNull(roleId, "roleId");
      Objects.requireNonNull(secretId, "secretId");
    }

    @Override
    public String method() {
      return "approle";
    }
  }

  /** Kubernetes auth: role and the projected service-account token file. */
  record Kubernetes(String authPath, String role, Path jwtFile) implements VaultAuth {
    public Kubernetes {
      Objects.requireNonNull(authPath, "authPath");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(jwtFile, "jwtFile");
    }

    @Override
    public String method() {
      return "kubernetes";
    }
  }
}
