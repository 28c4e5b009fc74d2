package vn.egov.gateway.dev;

/**
 * A keyed bijection of [0, 1,000,000): the last six digits of a synthetic ID number, so an ID can
 * be decoded back to its citizen's index without a table. It is a Feistel network on two halves
 * in base 1000 with addition modulo 1000; because 1,000,000 = 1000 x 1000 exactly, every round is
 * a permutation of the domain itself and no cycle-walking is needed.
 */
final class SerialPermutation {
  static final int DOMAIN = 1_000_000;
  private static final int HALF = 1000;
  // Eight rounds: far more than needed for the mixing the mock wants (IDs that look random).
  private static final int ROUNDS = 8;
  private static final long SALT = 0x2F8C_51A7_0D3B_96E4L;

  private final long[] roundKeys = new long[ROUNDS];

  SerialPermutation(long seed) {
    for (int i = 0; i < ROUNDS; i++) roundKeys[i] = Mix.mix64(seed ^ Mix.mix64(SALT + i));
  }

  int encode(int value) {
    if (value < 0 || value >= DOMAIN) throw new IllegalArgumentException("outside [0, " + DOMAIN + "): " + value);
    int left = value / HALF;
    int right = value % HALF;
    for (long key : roundKeys) {
      int next = (left + round(key, right)) % HALF;
      left = right;
      right = next;
    }
    return left * HALF + right;
  }

  int decode(int value) {
    if (value < 0 || value >= DOMAIN) throw new IllegalArgumentException("outside [0, " + DOMAIN + "): " + value);
    int left = value / HALF;
    int right = value % HALF;
    for (int i = ROUNDS - 1; i >= 0; i--) {
      int previous = Math.floorMod(right - round(roundKeys[i], left), HALF);
      right = left;
      left = previous;
    }
    return left * HALF + right;
  }

  private static int round(long key, int half) {
    return (int) Long.remainderUnsigned(Mix.mix64(key ^ half), HALF);
  }
}
