package org.backprop4j.array.internal;

/**
 * Per-thread work arrays that an op's forward or backward needs only while it runs (a GEMM's result before it is
 * rearranged, an intermediate gradient), reused from call to call instead of allocated afresh: a fresh array is
 * zeroed by the JVM and lands in memory not yet in cache, which for a LeNet step's 6 MB of such arrays cost more
 * than the loops that fill them. Ownership is by slot: the array of a slot is the caller's until it, or anything it
 * calls on the same thread, asks for that slot again, so an op takes what it needs before calling code that may run
 * other ops (a saved tensor's recomputation under gradient checkpointing) and never lets the array escape. The
 * contents are whatever the last user left: callers overwrite before reading. Arrays above {@link #KEEP} elements are
 * handed out but not kept, so one huge op does not pin its memory to the thread.
 */
public final class Scratch {
    /** The largest array kept per slot and thread: 16 Mi elements (64 MiB of float32). */
    static final int KEEP = 1 << 24;
    private static final int SLOTS = 3;
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final float[][] floats = new float[SLOTS][];
    private final double[][] doubles = new double[SLOTS][];

    private Scratch() {
    }

    /** A float array of at least {@code n} elements for slot 0, 1 or 2 of this thread. */
    public static float[] floats(int slot, int n) {
        Scratch s = LOCAL.get();
        float[] a = s.floats[slot];
        if (a != null && a.length >= n) {
            return a;
        }
        a = new float[n];
        s.floats[slot] = n <= KEEP ? a : null;
        return a;
    }

    /** A double array of at least {@code n} elements for slot 0, 1 or 2 of this thread. */
    public static double[] doubles(int slot, int n) {
        Scratch s = LOCAL.get();
        double[] a = s.doubles[slot];
        if (a != null && a.length >= n) {
            return a;
        }
        a = new double[n];
        s.doubles[slot] = n <= KEEP ? a : null;
        return a;
    }
}
