package io.mdrotator.observability;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronised growable byte buffer for one scrape ({@link java.io.ByteArrayOutputStream}'s
 * methods are synchronised, which costs a lock per call on millions of small writes). Not
 * thread-safe; one per scrape.
 */
final class ScrapeBuffer extends OutputStream {
  private byte[] buf;
  private int count;

  ScrapeBuffer(int initialCapacity) {
    buf = new byte[Math.max(256, initialCapacity)];
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  /** Appends {@code s}, which must be ASCII (numbers, names). */
  void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[count++] = (byte) s.charAt(i);
    }
  }

  int size() {
    return count;
  }

  /** The content as UTF-8 text. */
  String text() {
    return new String(buf, 0, count, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Whether the content ends with {@code suffix}. */
  boolean endsWith(byte[] suffix) {
    return count >= suffix.length
        && Arrays.equals(buf, count - suffix.length, count, suffix, 0, suffix.length);
  }

  /** Drops everything after the first {@code size} bytes. */
  void truncate(int size) {
    count = Math.min(count, Math.max(0, size));
  }

  void writeTo(OutputStream out) throws java.io.IOException {
    out.write(buf, 0, count);
  }

  private void ensure(int more) {
    if (count + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }
  }
}
