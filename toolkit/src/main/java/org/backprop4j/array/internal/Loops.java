package org.backprop4j.array.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Elementwise loops specialised per operation. A loop shared by all ops calls its function through one
 * megamorphic call site, which costs a virtual call per element and blocks vectorization. Here each op gets its own
 * copy of the loop class (a hidden class defined from the template's bytes, with the op's function as a constant),
 * so the JIT inlines the function into a loop that belongs to that op alone.
 */
public final class Loops {
    /**
     * Whether the loops that have a Vector API form ({@link GateMath}, {@link VectorLoops}) use it: the
     * {@code jdk.incubator.vector} module is present (the toolkit's launchers add it) and
     * {@code -Dbackprop4j.java.vector=false} (which also chooses the Java GEMM's scalar kernels) is not given.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equalsIgnoreCase(System.getProperty("backprop4j.java.vector"));

    /** {@code f(v, a, b)}: an elementwise function with up to two constant parameters (clamp bounds, exponents). */
    @FunctionalInterface
    public interface UnaryFn {
        double apply(double v, double a, double b);
    }

    /** {@code f(x, y)}: an elementwise function of two operands. */
    @FunctionalInterface
    public interface BinaryFn {
        double apply(double x, double y);
    }

    /** Runs of a unary op: {@code out[k + j] = f(in[i + j * step], a, b)} for {@code j < n}. */
    public interface Unary {
        void run(float[] in, int i, int step, float[] out, int k, int n, double a, double b);

        void run(double[] in, int i, int step, double[] out, int k, int n, double a, double b);
    }

    /** Runs of a binary op: {@code out[k + c] = f(x[i + c * si], y[j + c * sj])} for {@code c < n}. */
    public interface Binary {
        void run(float[] x, int i, int si, float[] y, int j, int sj, float[] out, int k, int n);

        void run(double[] x, int i, int si, double[] y, int j, int sj, double[] out, int k, int n);
    }

    /** {@code f(x, y)}: a predicate of two operands. */
    @FunctionalInterface
    public interface CompareFn {
        boolean test(double x, double y);
    }

    /** Runs of a comparison: {@code out[k + c] = f(x[i + c * si], y[j + c * sj])} for {@code c < n}. */
    public interface Compare {
        void run(float[] x, int i, int si, float[] y, int j, int sj, boolean[] out, int k, int n);

        void run(double[] x, int i, int si, double[] y, int j, int sj, boolean[] out, int k, int n);

        /** The predicate itself, for operands of other dtypes. */
        boolean test(double x, double y);
    }

    private static final byte[] UNARY_TEMPLATE = bytes(UnaryLoop.class);
    private static final byte[] BINARY_TEMPLATE = bytes(BinaryLoop.class);
    private static final byte[] COMPARE_TEMPLATE = bytes(CompareLoop.class);

    private Loops() {
    }

    /** A loop of its own for {@code f}; call once per op and keep the result in a constant. */
    public static Unary unary(UnaryFn f) {
        return (Unary) instantiate(UNARY_TEMPLATE, f);
    }

    /** A loop of its own for {@code f}; call once per op and keep the result in a constant. */
    public static Binary binary(BinaryFn f) {
        return (Binary) instantiate(BINARY_TEMPLATE, f);
    }

    /** A loop of its own for {@code f}; call once per op and keep the result in a constant. */
    public static Compare compare(CompareFn f) {
        return (Compare) instantiate(COMPARE_TEMPLATE, f);
    }

    private static Object instantiate(byte[] template, Object function) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup()
                    .defineHiddenClassWithClassData(template, function, true);
            return lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define an elementwise loop class", e);
        }
    }

    private static byte[] bytes(Class<?> template) {
        String name = template.getSimpleName() + ".class";
        try (InputStream in = template.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("class file " + name + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
