package io.csms.ocpp.validation;

/**
 * The {@code date-time} format of draft-04: RFC 3339 section 5.6, checked character by character without
 * allocating. The offset is mandatory ({@code Z} or {@code +hh:mm}); {@code T} and {@code Z} may be lower
 * case (RFC 3339 5.6, note). Deliberately narrower than the RFC where Java could not parse the value
 * afterwards: no leap second (second 60) and at most 9 fraction digits.
 */
final class Rfc3339 {
  private Rfc3339() {
  }

  static boolean isDateTime(String s) {
    int n = s.length();
    // yyyy-mm-ddThh:mm:ss is 19 characters, plus at least "Z".
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return false;
    }
    char t = s.charAt(10);
    if (t != 'T' && t != 't') {
      return false;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return false;
    }
    int i = 19;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || i - start > 9) {
        return false;
      }
    }
    if (i >= n) {
      return false;
    }
    char offset = s.charAt(i);
    if (offset == 'Z' || offset == 'z') {
      return i + 1 == n;
    }
    if ((offset != '+' && offset != '-') || i + 6 != n || s.charAt(i + 3) != ':') {
      return false;
    }
    int offsetHours = digits(s, i + 1, 2);
    int offsetMinutes = digits(s, i + 4, 2);
    return offsetHours >= 0 && offsetHours <= 23 && offsetMinutes >= 0 && offsetMinutes <= 59;
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
