package io.mdrotator.vault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Reads a client private key from a PEM file: unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}) with
 * an RSA, EC or EdDSA key. Other encodings get an error that says how to convert them. Errors name
 * the file and never contain key material.
 */
final class PemKeys {
  private static final String ROLE = "client key file";
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";
  private static final List<String> ALGORITHMS = List.of("RSA", "EC", "EdDSA");
  private static final String CONVERT = "convert it with 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'";

  private PemKeys() {}

  static PrivateKey read(Path file) {
    String pem = new String(VaultTls.read(file, ROLE), StandardCharsets.US_ASCII);
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw VaultTls.fileError(file, ROLE, pem.contains("-----BEGIN ") && pem.contains(" PRIVATE KEY-----")
          ? "not an unencrypted PKCS#8 key (PKCS#1, SEC1 and encrypted keys are not read); " + CONVERT
          : "no '" + BEGIN + "' block found");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw VaultTls.fileError(file, ROLE, "the PKCS#8 block is not valid base64");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw VaultTls.fileError(file, ROLE, "not an RSA, EC or EdDSA PKCS#8 key");
  }

  /** True when {@code key} signs what {@code certKey} verifies: the pair belongs together. */
  static boolean matches(PrivateKey key, PublicKey certKey) {
    if (!key.getAlgorithm().equals(certKey.getAlgorithm())) {
      return false;
    }
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448 sign with their own name
    };
    byte[] probe = "md-rotator key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(probe);
      byte[] signature = s.sign();
      Signature v = Signature.getInstance(algorithm);
      v.initVerify(certKey);
      v.update(probe);
      return v.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
