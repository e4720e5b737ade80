package org.backprop4j.array;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A flat heap array shared by a tensor and all of its views, with the version counter that in-place writes bump
 * so that autograd can tell when a tensor it saved for backward has been modified.
 * Exactly one of the array accessors returns non-null, the one matching {@link #dtype()}.
 *
 * <p>{@link #floats()}, {@link #doubles()}, {@link #longs()} and {@link #bools()} are for reading, and for filling
 * a storage that no tensor has shown to anyone yet (an op's fresh output). Every other write, one that changes
 * elements a tensor already holds outside autograd (in-place ops, optimizer updates, gradient clipping), goes
 * through {@link #writableFloats()}, {@link #writableDoubles()}, {@link #writableLongs()} or
 * {@link #writableBools()}: they bump the version counter, so that a backward that saved the old values fails
 * instead of computing a wrong gradient.
 */
public final class Storage {
    private static final AtomicLong MADE = new AtomicLong();

    private final DType dtype;
    private final float[] floats;
    private final double[] doubles;
    private final long[] longs;
    private final boolean[] bools;
    private int version;
    /** Storages made later have larger serials; autograd uses it to tell buffers made during one backward pass. */
    private final long serial = MADE.incrementAndGet();
    private boolean shared;

    private Storage(DType dtype, float[] f, double[] d, long[] l, boolean[] b) {
        this.dtype = dtype;
        this.floats = f;
        this.doubles = d;
        this.longs = l;
        this.bools = b;
    }

    public static Storage of(float[] data) {
        return new Storage(DType.FLOAT32, data, null, null, null);
    }

    public static Storage of(double[] data) {
        return new Storage(DType.FLOAT64, null, data, null, null);
    }

    public static Storage of(long[] data) {
        return new Storage(DType.INT64, null, null, data, null);
    }

    public static Storage of(boolean[] data) {
        return new Storage(DType.BOOL, null, null, null, data);
    }

    /** A zero-filled storage of {@code n} elements. */
    public static Storage allocate(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> of(new float[n]);
            case FLOAT64 -> of(new double[n]);
            case INT64 -> of(new long[n]);
            case BOOL -> of(new boolean[n]);
        };
    }

    public DType dtype() {
        return dtype;
    }

    public int length() {
        return switch (dtype) {
            case FLOAT32 -> floats.length;
            case FLOAT64 -> doubles.length;
            case INT64 -> longs.length;
            case BOOL -> bools.length;
        };
    }

    public float[] floats() {
        return floats;
    }

    public double[] doubles() {
        return doubles;
    }

    public long[] longs() {
        return longs;
    }

    public boolean[] bools() {
        return bools;
    }

    /** Element {@code i} widened to double (booleans read as 0 and 1). */
    public double getDouble(int i) {
        return switch (dtype) {
            case FLOAT32 -> floats[i];
            case FLOAT64 -> doubles[i];
            case INT64 -> longs[i];
            case BOOL -> bools[i] ? 1 : 0;
        };
    }

    /**
     * Writes {@code v} at {@code i}, rounding or truncating to the storage type. Does not bump the version: use it
     * on a fresh storage, or on the result of {@link #writable()}.
     */
    public void setDouble(int i, double v) {
        switch (dtype) {
            case FLOAT32 -> floats[i] = (float) v;
            case FLOAT64 -> doubles[i] = v;
            case INT64 -> longs[i] = (long) v;
            case BOOL -> bools[i] = v != 0;
        }
    }

    /** How many times this storage was handed out for writing. */
    public int version() {
        return version;
    }

    /** The float32 array, for a write: bumps the version first. Null unless the dtype is float32. */
    public float[] writableFloats() {
        version++;
        return floats;
    }

    /** The float64 array, for a write: bumps the version first. Null unless the dtype is float64. */
    public double[] writableDoubles() {
        version++;
        return doubles;
    }

    /** The int64 array, for a write: bumps the version first. Null unless the dtype is int64. */
    public long[] writableLongs() {
        version++;
        return longs;
    }

    /** The bool array, for a write: bumps the version first. Null unless the dtype is bool. */
    public boolean[] writableBools() {
        version++;
        return bools;
    }

    /** This storage, for writes through {@link #setDouble}: bumps the version first. */
    public Storage writable() {
        version++;
        return this;
    }

    /** This storage's serial: every storage made after this one has a larger one. */
    public long serial() {
        return serial;
    }

    /** The serial of the newest storage made so far (storages made after this call have larger ones). */
    public static long newestSerial() {
        return MADE.get();
    }

    /**
     * Marks this storage as reachable from more than the op result it was made for (a gradient hook saw it, or a
     * leaf adopted it as its gradient): the backward engine then copies it instead of adopting it once more.
     */
    public void markShared() {
        shared = true;
    }

    /** True once {@link #markShared()} was called. */
    public boolean isShared() {
        return shared;
    }
}
