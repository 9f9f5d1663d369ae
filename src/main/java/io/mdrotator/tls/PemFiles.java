package io.mdrotator.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of a {@code tls} section: certificates (a CA bundle or a client chain) and one
 * unencrypted PKCS#8 private key (RSA, EC or EdDSA). Every failure is a {@link PemException} naming
 * the file and what is wrong with it; no message quotes the file's content (a key file is a secret).
 */
public final class PemFiles {
  /** A CA bundle of every public root is ~250 KiB; anything near this is not a PEM file. */
  static final long MAX_BYTES = 4L << 20;
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA");

  private PemFiles() {}

  /** A PEM file cannot be used; the message names the file and the reason, never its content. */
  public static final class PemException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    public PemException(Path file, String reason) {
      this(file + ": " + reason, file, reason);
    }

    private PemException(String message, Path file, String reason) {
      super(message);
      this.file = file;
      this.reason = reason;
    }

    /** The same problem, saying what the file is for ({@code CA file}, {@code client key file}). */
    public PemException as(String role) {
      return new PemException(role + " " + file + ": " + reason, file, reason);
    }

    /** The file that cannot be used. */
    public Path file() {
      return file;
    }
  }

  /** Every {@code CERTIFICATE} block of {@code file}, in order; at least one. */
  public static List<X509Certificate> certificates(Path file) throws PemException {
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory x509 = x509();
    for (Block b : blocks(file)) {
      if (b.type.equals("CERTIFICATE")) {
        try {
          out.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(b.der(file))));
        } catch (CertificateException e) {
          throw new PemException(file, "certificate " + (out.size() + 1) + " is not a valid X.509 certificate");
        }
      }
    }
    if (out.isEmpty()) {
      throw new PemException(file, "no certificate found (expected a -----BEGIN CERTIFICATE----- block)");
    }
    return out;
  }

  /** The one private key of {@code file}: an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
  public static PrivateKey privateKey(Path file) throws PemException {
    List<Block> keys = blocks(file).stream().filter(b -> b.type.endsWith("PRIVATE KEY")).toList();
    if (keys.size() != 1) {
      throw new PemException(file, keys.isEmpty()
          ? "no private key found (expected a -----BEGIN PRIVATE KEY----- block)"
          : "holds " + keys.size() + " private keys; expected one");
    }
    Block key = keys.get(0);
    if (!key.type.equals("PRIVATE KEY")) {
      throw new PemException(file, unsupportedKey(key.type));
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(key.der(file));
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException | RuntimeException e) {
        // not this algorithm; the next one is tried
      }
    }
    throw new PemException(file, "the private key is not a valid PKCS#8 RSA, EC or EdDSA key");
  }

  private static String unsupportedKey(String type) {
    if (type.equals("ENCRYPTED PRIVATE KEY")) {
      return "the private key is encrypted; store it unencrypted with mode 0400"
          + " (openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)";
    }
    return "'" + type + "' is not supported; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8";
  }

  private record Block(String type, String base64) {
    byte[] der(Path file) throws PemException {
      try {
        return Base64.getMimeDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new PemException(file, "a " + type + " block is not valid base64");
      }
    }
  }

  private static List<Block> blocks(Path file) throws PemException {
    String text = read(file);
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      out.add(new Block(m.group(1), m.group(2)));
    }
    if (out.isEmpty()) {
      throw new PemException(file, "not a PEM file (no -----BEGIN ...----- / -----END ...----- block)");
    }
    return out;
  }

  private static String read(Path file) throws PemException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new PemException(file, Files.exists(file) ? "not a regular file" : "no such file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new PemException(file, "larger than " + MAX_BYTES + " bytes; not a PEM file");
      }
      // Latin-1 decodes any byte: a binary (DER) file is then reported as "not a PEM file"
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      // the exception text names the path only
      throw new PemException(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static CertificateFactory x509() {
    try {
      return CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JVM has no X.509 certificate factory", e);
    }
  }
}
