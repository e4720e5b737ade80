package org.backprop4j.benchmarks;

/**
 * The toolkit's JVM flags (toolkit.jvm.flags in the parent pom, which says why each is there), for the JMH forks:
 * {@code @Fork(jvmArgsAppend = {Jvm.GC, Jvm.STACK, Jvm.NATIVE_ACCESS, Jvm.VECTOR, Jvm.NIO, Jvm.UNSAFE})}.
 */
final class Jvm {
    static final String GC = "-XX:+UseParallelGC";
    static final String STACK = "-Xss8m";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String VECTOR = "--add-modules=jdk.incubator.vector";
    static final String NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    private Jvm() {
    }
}
