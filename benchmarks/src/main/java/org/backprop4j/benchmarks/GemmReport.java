package org.backprop4j.benchmarks;

import java.util.Collection;

import org.backprop4j.backend.Backend;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs {@link GemmBenchmark} and prints, after JMH's report, one line per case in the form that
 * {@code baselines/gemm_c.c} prints too, so that {@code run-gemm.sh} can set them side by side:
 *
 * <pre>
 * result openblas s 1 512 1456321.0
 * </pre>
 *
 * (implementation, precision, threads, n, median nanoseconds per call over the measurement iterations).
 * Arguments are JMH options, e.g. {@code -p n=8,512}. With {@code --library} alone it prints the file of the
 * OpenBLAS library the toolkit loads, for the C baseline to load the same one.
 */
public final class GemmReport {
    private GemmReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        if (args.length == 1 && args[0].equals("--library")) {
            System.out.println(Backend.openBlas().info().library());
            return;
        }
        var options = Jvm.options(new CommandLineOptions(args))
                .include(GemmBenchmark.class.getName() + "\\.")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult run : results) {
            var params = run.getParams();
            var stats = run.getPrimaryResult().getStatistics();
            if (!run.getPrimaryResult().getScoreUnit().equals("ns/op")) {
                throw new IllegalArgumentException("GemmReport: expected ns/op, got "
                        + run.getPrimaryResult().getScoreUnit() + "; run in average-time mode (-bm avgt -tu ns)");
            }
            System.out.printf("result %s %s %s %s %.1f%n", params.getParam("impl"), params.getParam("precision"),
                    params.getParam("threads"), params.getParam("n"), stats.getPercentile(50));
        }
    }
}
