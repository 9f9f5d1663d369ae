package io.mdrotator.emulator.vault;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The ACL path and capability a request needs, as Vault derives them (its request handling and the
 * KV v2 plugin's paths), for the endpoints this emulator serves:
 *
 * <ul>
 *   <li>{@code sys/health} and the login endpoints need no token at all (empty);
 *   <li>GET is {@code read}, DELETE {@code delete}, PATCH {@code patch}; a list (LIST, or GET with
 *       {@code ?list=true}) is {@code list} on the path with a trailing {@code /};
 *   <li>POST/PUT is {@code create} or {@code update}: on KV v2 {@code data/} and {@code metadata/},
 *       which have an existence check, {@code update} when the key's metadata entry exists (a key
 *       whose metadata was written first already exists for a data write, even with no version:
 *       {@code dataExistenceCheck} in vault-plugin-secrets-kv), else {@code create}; everywhere
 *       else ({@code delete/}, {@code undelete/}, {@code destroy/}, {@code config},
 *       {@code auth/token/renew-self}) always {@code update}.
 * </ul>
 */
record AclRequirement(String path, String capability) {

  /**
   * What {@code r} needs; {@code keyExists} answers, for a KV request path, whether its key has a
   * metadata entry (only asked for writes to {@code data/} or {@code metadata/}).
   */
  static Optional<AclRequirement> of(VaultRequest r, Predicate<VaultRequest> keyExists) {
    String p = r.path();
    if (p.equals("sys/health") || (p.startsWith("auth/") && p.endsWith("/login"))) {
      return Optional.empty();
    }
    if (r.isList()) {
      return Optional.of(new AclRequirement(p.endsWith("/") ? p : p + "/", "list"));
    }
    String capability = switch (r.method()) {
      case "GET", "HEAD" -> "read";
      case "DELETE" -> "delete";
      case "PATCH" -> "patch";
      default -> hasExistenceCheck(p) && !keyExists.test(r) ? "create" : "update";
    };
    return Optional.of(new AclRequirement(p, capability));
  }

  /** KV v2's {@code <mount>/data/<key>} and {@code <mount>/metadata/<key>}. */
  private static boolean hasExistenceCheck(String path) {
    String[] seg = path.split("/", 3);
    return seg.length == 3 && !seg[0].equals("auth") && !seg[0].equals("sys")
        && (seg[1].equals("data") || seg[1].equals("metadata"));
  }
}
