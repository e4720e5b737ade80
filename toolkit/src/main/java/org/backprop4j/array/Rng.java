package org.backprop4j.array;

import org.backprop4j.array.internal.ScopedGlobalRng;

/**
 * A seeded random number generator (xoshiro256** by Blackman and Vigna, seeded through SplitMix64), so that every
 * random tensor can be reproduced bit for bit on any JVM. Not thread-safe: give each thread its own, or
 * {@link #split()} one per worker.
 *
 * {@snippet file="CoreSnippets.java" region="rng"}
 */
public final class Rng {
    private static final Rng GLOBAL = seeded(0x5EED_B4C0_2B4AL);

    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private double spareGaussian;
    private boolean hasSpare;

    private Rng(long seed) {
        reseed(seed);
    }

    /** A generator whose whole sequence is determined by {@code seed}. */
    public static Rng seeded(long seed) {
        return new Rng(seed);
    }

    /**
     * The generator used by factories that take no {@code Rng} ({@code Tensor.randn(3, 4)}); reseed it with
     * {@code Rng.global().reseed(n)} to make such code reproducible, like {@code torch.manual_seed}. Inside a
     * data-parallel replica it is the replica's generator for the shard at hand, split from this one.
     */
    public static Rng global() {
        return ScopedGlobalRng.orElse(GLOBAL);
    }

    /** Restarts this generator's sequence from {@code seed}. */
    public synchronized Rng reseed(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
        hasSpare = false;
        return this;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform on {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform on {@code [0, 1)} with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * Uniform on {@code [0, bound)}, without modulo bias.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextLong: bound must be positive, got " + bound);
        }
        long limit = Long.remainderUnsigned(-bound, bound); // values below this would bias the result
        while (true) {
            long r = nextLong();
            if (Long.compareUnsigned(r, limit) >= 0) {
                return Long.remainderUnsigned(r, bound);
            }
        }
    }

    /** Standard normal, by Marsaglia's polar method. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /**
     * Where this generator is in its sequence, for a checkpoint: {@link #restore} continues from it bit for bit.
     *
     * {@snippet file="CoreSnippets.java" region="rng-state"}
     */
    public synchronized State state() {
        return new State(new long[] {s0, s1, s2, s3, Double.doubleToRawLongBits(spareGaussian), hasSpare ? 1 : 0});
    }

    /** Moves this generator to {@code state}, taken by {@link #state()} of any generator. */
    public synchronized Rng restore(State state) {
        long[] w = state.words();
        s0 = w[0];
        s1 = w[1];
        s2 = w[2];
        s3 = w[3];
        spareGaussian = Double.longBitsToDouble(w[4]);
        hasSpare = w[5] == 1;
        return this;
    }

    /**
     * A generator's position as six 64-bit words: the four of xoshiro256**, the bits of the spare Gaussian and
     * whether it is pending (0 or 1), so that it can be written as plain numbers.
     *
     * @param words the six words
     */
    public record State(long[] words) {
        /**
         * @throws IllegalArgumentException unless there are six words, the last 0 or 1, and the first four not all
         *     0 (a state xoshiro never leaves)
         */
        public State {
            if (words == null || words.length != 6 || (words[5] != 0 && words[5] != 1)
                    || (words[0] | words[1] | words[2] | words[3]) == 0) {
                throw new IllegalArgumentException("Rng.State: expected six words, the first four not all zero "
                        + "and the last 0 or 1, got " + java.util.Arrays.toString(words));
            }
            words = words.clone();
        }

        @Override
        public long[] words() {
            return words.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && java.util.Arrays.equals(words, s.words);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(words);
        }

        @Override
        public String toString() {
            return "Rng.State" + java.util.Arrays.toString(words);
        }
    }

    /** An independent generator seeded from this one, for another thread or component. */
    public Rng split() {
        return new Rng(nextLong());
    }
}
