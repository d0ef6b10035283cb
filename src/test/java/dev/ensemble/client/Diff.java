package dev.ensemble.client;

import dev.ensemble.ot.TextOperation;

/**
 * An operation that turns one text into another: keep the common start and end, replace the rest.
 */
final class Diff {

  private Diff() {}

  static TextOperation between(String from, String to) {
    int prefix = 0;
    int max = Math.min(from.length(), to.length());
    while (prefix < max && from.charAt(prefix) == to.charAt(prefix)) {
      prefix++;
    }
    // never split a surrogate pair
    if (prefix > 0 && Character.isHighSurrogate(from.charAt(prefix - 1))) {
      prefix--;
    }
    int suffix = 0;
    while (suffix < max - prefix
        && from.charAt(from.length() - 1 - suffix) == to.charAt(to.length() - 1 - suffix)) {
      suffix++;
    }
    if (suffix > 0 && Character.isLowSurrogate(from.charAt(from.length() - suffix))) {
      suffix--;
    }
    return TextOperation.builder()
        .retain(prefix)
        .delete(from.length() - prefix - suffix)
        .insert(to.substring(prefix, to.length() - suffix))
        .retain(suffix)
        .build();
  }
}
