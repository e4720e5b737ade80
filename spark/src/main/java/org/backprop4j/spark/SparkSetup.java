package org.backprop4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.apache.spark.SparkConf;

/**
 * What a Spark application needs before it trains with the toolkit: a JVM that Spark 4.2 supports on Java 25, and
 * the toolkit's JVM flags on every executor.
 *
 * <pre>{@code
 * SparkConf conf = SparkSetup.configure(new SparkConf().setAppName("train"));
 * try (JavaSparkContext sc = new JavaSparkContext(conf)) { ... }
 * }</pre>
 */
public final class SparkSetup {
    /** The oldest JVM accepted: Apache Spark documents Java 25 support from JDK 25.0.3 on. */
    public static final Runtime.Version MINIMUM_JAVA = Runtime.Version.parse("25.0.3");

    /** The Spark setting that carries JVM flags to executors. */
    public static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";

    private static final String FLAGS = loadFlags();

    private SparkSetup() {
    }

    /**
     * The flags every JVM that runs the toolkit needs (the parent pom's {@code toolkit.jvm.flags}): Arrow's
     * add-opens for {@code java.nio} and its {@code sun.misc.Unsafe} access, native access for OpenBLAS through
     * FFM, the Vector API module, the parallel collector and an 8 MiB thread stack.
     */
    public static String toolkitJvmFlags() {
        return FLAGS;
    }

    /**
     * Adds {@link #toolkitJvmFlags()} and {@code -Dbackprop4j.threads=T} (T = {@code spark.task.cpus}, default 1,
     * so that BLAS threads and concurrent tasks do not oversubscribe the cores) to {@value #EXECUTOR_OPTIONS},
     * after any options already set there, which therefore win. Set it before the context starts; executors read
     * it when they launch.
     *
     * @return {@code conf}, for chaining
     */
    public static SparkConf configure(SparkConf conf) {
        String own = conf.get(EXECUTOR_OPTIONS, "").strip();
        String threads = "-Dbackprop4j.threads=" + conf.getInt("spark.task.cpus", 1);
        conf.set(EXECUTOR_OPTIONS, (FLAGS + " " + threads + " " + own).strip());
        return conf;
    }

    /**
     * Refuses this JVM when it is older than {@link #MINIMUM_JAVA}.
     *
     * @throws UnsupportedOperationException naming the version found and where it runs
     */
    public static void requireSupportedJava() {
        requireSupportedJava(Runtime.version(), "this JVM (" + System.getProperty("java.home") + ")");
    }

    /**
     * Refuses {@code version} when it is older than {@link #MINIMUM_JAVA}; {@code where} names the JVM in the
     * message (the driver, or an executor and its host).
     *
     * @throws UnsupportedOperationException if {@code version} is older than 25.0.3
     */
    public static void requireSupportedJava(Runtime.Version version, String where) {
        if (version.compareToIgnoreOptional(MINIMUM_JAVA) < 0) {
            throw new UnsupportedOperationException("backprop4j-spark: " + where + " runs Java " + version
                    + ", but Apache Spark 4.2 on Java 25 needs JDK " + MINIMUM_JAVA + " or newer; install a newer "
                    + "JDK 25 (e.g. Eclipse Temurin 25.0.3) and point JAVA_HOME of the driver and of every worker "
                    + "at it");
        }
    }

    private static String loadFlags() {
        Properties p = new Properties();
        try (InputStream in = SparkSetup.class.getResourceAsStream("jvm.properties")) {
            if (in == null) {
                throw new IllegalStateException("backprop4j-spark: the resource org/backprop4j/spark/jvm.properties "
                        + "is missing from the jar (a broken build)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("backprop4j-spark: cannot read org/backprop4j/spark/jvm.properties", e);
        }
        return p.getProperty("toolkit.jvm.flags", "").strip();
    }
}
