package vn.egov.gateway.dev;

import java.util.List;

/**
 * Deterministic pseudo-randomness for the synthetic population: the SplitMix64 finaliser and a
 * stream built on it. Written out rather than borrowed from {@code java.util.Random} or
 * {@code SplittableRandom} so that the same seed gives the same citizens on every JDK.
 */
final class Mix {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  private Mix(long state) {
    this.state = state;
  }

  /** A stream for one purpose ({@code salt}) of one citizen: independent of the other purposes. */
  static Mix of(long seed, long salt, int index) {
    return new Mix(mix64(mix64(seed ^ salt) + index * GOLDEN_GAMMA));
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** Uniform in [0, bound); the modulo bias is below 2^-40 for the small bounds used here. */
  int below(int bound) {
    return (int) Long.remainderUnsigned(nextLong(), bound);
  }

  int between(int min, int maxInclusive) {
    return min + below(maxInclusive - min + 1);
  }

  boolean percent(int chance) {
    return below(100) < chance;
  }

  <T> T pick(List<T> items) {
    return items.get(below(items.size()));
  }

  String digits(int count) {
    StringBuilder b = new StringBuilder(count);
    for (int i = 0; i < count; i++) b.append((char) ('0' + below(10)));
    return b.toString();
  }
}
