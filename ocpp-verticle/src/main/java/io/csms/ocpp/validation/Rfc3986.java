package io.csms.ocpp.validation;

/**
 * The {@code uri} format of draft-04: an absolute URI per RFC 3986 (scheme, then hier-part, query and
 * fragment made of their allowed characters and percent-escapes), checked without allocating. An
 * IP-literal host ({@code [...]}) is checked for its characters only, not as an IPv6 address.
 */
final class Rfc3986 {
  /** pchar's ":" and "@" plus the segment separator; a query or fragment also allows "?". */
  private static final String PATH = ":@/";
  private static final String QUERY = ":@/?";

  private Rfc3986() {
  }

  static boolean isUri(String s) {
    int n = s.length();
    int colon = s.indexOf(':');
    if (colon < 1 || !isAlpha(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = s.charAt(i);
      if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    int i = colon + 1;
    if (s.startsWith("//", i)) {
      i = authority(s, i + 2);
      if (i < 0) {
        return false;
      }
    }
    // Path: segments of pchar separated by '/'.
    i = run(s, i, PATH);
    if (i < 0) {
      return false;
    }
    if (i < n && s.charAt(i) == '?') {
      i = run(s, i + 1, QUERY);
      if (i < 0) {
        return false;
      }
    }
    if (i < n && s.charAt(i) == '#') {
      i = run(s, i + 1, QUERY);
      if (i < 0) {
        return false;
      }
    }
    return i == n;
  }

  /** The index after the authority starting at {@code i}, or -1. */
  private static int authority(String s, int i) {
    int n = s.length();
    int end = i;
    while (end < n && s.charAt(end) != '/' && s.charAt(end) != '?' && s.charAt(end) != '#') {
      end++;
    }
    int at = s.lastIndexOf('@', end - 1);
    int host = i;
    if (at >= i) {
      // userinfo = *( unreserved / pct-encoded / sub-delims / ":" )
      if (run(s, i, at, ":") != at) {
        return -1;
      }
      host = at + 1;
    }
    int portColon;
    if (host < end && s.charAt(host) == '[') {
      int close = s.indexOf(']', host);
      if (close < 0 || close >= end || close == host + 1) {
        return -1;
      }
      for (int k = host + 1; k < close; k++) {
        char c = s.charAt(k);
        if (!isHex(c) && c != ':' && c != '.' && c != 'v' && c != 'V' && !isUnreserved(c) && !isSubDelim(c)) {
          return -1;
        }
      }
      portColon = close + 1;
      if (portColon < end && s.charAt(portColon) != ':') {
        return -1;
      }
    } else {
      portColon = host;
      while (portColon < end && s.charAt(portColon) != ':') {
        portColon++;
      }
      // reg-name = *( unreserved / pct-encoded / sub-delims )
      if (run(s, host, portColon, "") != portColon) {
        return -1;
      }
    }
    for (int k = portColon + 1; k < end; k++) {
      if (!isDigit(s.charAt(k))) {
        return -1;
      }
    }
    return end;
  }

  /** Skips pchar and the {@code extra} characters from {@code i} to the end: the index where it stopped. */
  private static int run(String s, int i, String extra) {
    return run(s, i, s.length(), extra);
  }

  /**
   * Skips unreserved, sub-delims, percent-escapes and {@code extra} characters between {@code i} and
   * {@code end}: the index where it stopped, or -1 for a broken percent-escape.
   */
  private static int run(String s, int i, int end, String extra) {
    while (i < end) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= end || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
          return -1;
        }
        i += 3;
      } else if (isUnreserved(c) || isSubDelim(c) || extra.indexOf(c) >= 0) {
        i++;
      } else {
        return i;
      }
    }
    return i;
  }

  private static boolean isUnreserved(char c) {
    return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static boolean isSubDelim(char c) {
    return "!$&'()*+,;=".indexOf(c) >= 0;
  }

  private static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
