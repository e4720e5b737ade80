package org.backprop4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The toolkit's JVM flags for the JMH forks. They live in one place, {@code toolkit.jvm.flags} in the parent pom
 * (which says why each is there), and reach this jar as the toolkit's {@value #RESOURCE}. An annotation can only
 * hold constants, so the benchmarks' {@code @Fork}s name no flags and every runner here ({@link JmhMain},
 * {@link JmhReport}, {@link GemmReport}) builds its options with {@link #options}.
 */
final class Jvm {
    static final String RESOURCE = "org/backprop4j/jvm-flags.txt";

    private Jvm() {
    }

    /** The flags, in order. @throws IllegalStateException if the jar lacks {@value #RESOURCE} */
    static List<String> flags() {
        try (InputStream in = Jvm.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path; rebuild the benchmarks "
                        + "jar (./mvnw -pl benchmarks -am package)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#"))
                    .flatMap(line -> Stream.of(line.strip().split("\\s+")))
                    .filter(flag -> !flag.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * JMH options from {@code commandLine} whose forks get the toolkit's flags, followed by any
     * {@code -jvmArgsAppend} given on the command line (JMH would otherwise let one replace the other).
     */
    static ChainedOptionsBuilder options(Options commandLine) {
        List<String> append = new ArrayList<>(flags());
        append.addAll(commandLine.getJvmArgsAppend().orElse(List.of()));
        return new OptionsBuilder().parent(commandLine).jvmArgsAppend(append.toArray(String[]::new));
    }
}
