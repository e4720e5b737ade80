package org.backprop4j.benchmarks;

import java.util.Collection;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs one JMH benchmark class and prints, after JMH's own report, one line per benchmark method in the form the
 * PyTorch baselines print too, so that the scripts can set them side by side:
 *
 * <pre>
 * result add_requires_grad 0.085
 * </pre>
 *
 * The workload is the method name in snake case, followed for a benchmark with {@code @Param}s by
 * {@code @name=value,name=value} (e.g. {@code adam_step@size=1000000,threads=1}); the figure is the median, in
 * microseconds, of the per-iteration average times over all forks. Usage: {@code JmhReport BenchmarkClass [JMH
 * options]}.
 */
public final class JmhReport {
    private JmhReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        if (args.length == 0) {
            throw new IllegalArgumentException("JmhReport: name the benchmark class, e.g. OverheadBenchmark");
        }
        String benchmark = JmhReport.class.getPackageName() + "." + args[0];
        var options = Jvm.options(new CommandLineOptions(java.util.Arrays.copyOfRange(args, 1, args.length)))
                .include(benchmark.replace(".", "\\.") + "\\.")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult run : results) {
            String method = run.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            var stats = run.getPrimaryResult().getStatistics();
            double micros = toMicros(stats.getPercentile(50), run.getPrimaryResult().getScoreUnit());
            String params = String.join(",", run.getParams().getParamsKeys().stream()
                    .map(k -> k + "=" + run.getParams().getParam(k)).toList());
            System.out.printf("result %s%s %.4f%n", snake(method), params.isEmpty() ? "" : "@" + params, micros);
        }
    }

    /** {@code addRequiresGrad} to {@code add_requires_grad}. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static double toMicros(double value, String unit) {
        return switch (unit) {
            case "ns/op" -> value / 1e3;
            case "us/op" -> value;
            case "ms/op" -> value * 1e3;
            case "s/op" -> value * 1e6;
            default -> throw new IllegalArgumentException("JmhReport: unexpected score unit " + unit
                    + "; run in average-time mode (-bm avgt)");
        };
    }
}
