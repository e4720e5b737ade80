package org.backprop4j.benchmarks;

import java.io.IOException;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The jar's main class: JMH's own command line ({@code java -jar benchmarks.jar OverheadBenchmark -f 1 -prof gc}),
 * with the toolkit's JVM flags added to every fork ({@link Jvm#options}).
 */
public final class JmhMain {
    private JmhMain() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        if (commandLine.shouldHelp() || commandLine.shouldList() || commandLine.shouldListWithParams()
                || commandLine.shouldListProfilers() || commandLine.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args); // nothing forks: JMH's main prints what was asked
            return;
        }
        new Runner(Jvm.options(commandLine).build()).run();
    }
}
