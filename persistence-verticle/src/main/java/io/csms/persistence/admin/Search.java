package io.csms.persistence.admin;

/** A case-insensitive "contains" pattern for ILIKE, with the user's wildcards escaped. */
final class Search {
  private Search() {
  }

  /** {@code %text%} with {@code % _ \} escaped, or null when there is nothing to search for. */
  static String contains(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return "%" + text.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
