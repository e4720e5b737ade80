package org.backprop4j.benchmarks;

import java.util.Collection;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link OverheadBenchmark} and prints, after JMH's own report, one line per workload in the form that
 * {@code baselines/torch_overhead.py} prints too, so that {@code run-overhead.sh} can set them side by side:
 *
 * <pre>
 * result add_requires_grad 0.085
 * </pre>
 *
 * The figure is the median, in microseconds, of the per-iteration average times over all forks. Arguments are
 * JMH command-line options (e.g. {@code -f 1 -prof gc}); they override the benchmark's annotations.
 */
public final class OverheadReport {
    /** JMH method name to the workload name both reports use, in table order. */
    private static final Map<String, String> WORKLOADS = Map.of(
            "addRequiresGrad", "add_requires_grad",
            "addNoGrad", "add_no_grad",
            "addBackward", "add_backward",
            "mlpSgdStep", "mlp_sgd_step");

    private OverheadReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        var options = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(OverheadBenchmark.class.getName() + "\\.")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult run : results) {
            String method = run.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String workload = WORKLOADS.getOrDefault(method, method);
            var stats = run.getPrimaryResult().getStatistics();
            double micros = toMicros(stats.getPercentile(50), run.getPrimaryResult().getScoreUnit());
            System.out.printf("result %s %.4f%n", workload, micros);
        }
    }

    private static double toMicros(double value, String unit) {
        return switch (unit) {
            case "ns/op" -> value / 1e3;
            case "us/op" -> value;
            case "ms/op" -> value * 1e3;
            case "s/op" -> value * 1e6;
            default -> throw new IllegalArgumentException("OverheadReport: unexpected score unit " + unit
                    + "; run in average-time mode (-bm avgt)");
        };
    }
}
