package io.mdrotator.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The clear-text rule for endpoint URLs: {@code http://} sends bearer tokens readable by anyone on
 * the path, so it is only accepted to a loopback host ({@code localhost}, 127.0.0.0/8, {@code ::1})
 * or when the section sets {@code allowInsecureHttp: true}. Loopback is judged from the URL's text
 * alone: a name is never resolved (a DNS answer is not proof that traffic stays on the machine).
 */
public final class ClearText {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private ClearText() {}

  /** True when {@code uri} is {@code http://} to a host that is not loopback. */
  public static boolean toRemoteHost(URI uri) {
    return "http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost());
  }

  /** {@code localhost}, an IPv4 literal in 127.0.0.0/8, or the IPv6 loopback literal (bracketed or not). */
  static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    var v4 = IPV4.matcher(h);
    if (v4.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(v4.group(i)) > 255) {
          return false;
        }
      }
      return v4.group(1).equals("127");
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (!h.contains(":") || h.contains("%")) {
      return false; // a name (never resolved), or an IPv6 literal with a zone
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress(); // an IPv6 literal: parsed, not looked up
    } catch (UnknownHostException | IllegalArgumentException e) {
      return false;
    }
  }
}
