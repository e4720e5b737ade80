package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CellEvaluatorTest {
    static CellEvaluator evaluator;

    @BeforeAll
    static void start() {
        evaluator = new CellEvaluator(System.getProperty("java.class.path"));
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    /** Evaluates on the worker thread, as the kernel does; a failure comes back as the CellException. */
    static Object eval(String code) throws CellException {
        Object[] out = new Object[2];
        evaluator.onWorker(() -> {
            evaluator.resetStop();
            try {
                out[0] = evaluator.evaluate(code, "cell [1]", 1);
            } catch (CellException e) {
                out[1] = e;
            }
            return null;
        });
        if (out[1] != null) {
            throw (CellException) out[1];
        }
        return out[0];
    }

    static CellException failure(String code) {
        try {
            Object v = eval(code);
            throw new AssertionError("expected the cell to fail, it gave " + v);
        } catch (CellException e) {
            return e;
        }
    }

    static final class Looper {
        static int loop(int n) {
            int s = 0;
            for (int i = 0; i < n; i++) {
                s += i;
            }
            return s;
        }
    }

    @Test
    void expressionsShowTheirValueDeclarationsAndAssignmentsDoNot() throws CellException {
        assertThat(eval("1 + 1")).isEqualTo(2);
        assertThat(eval("int v = 3;")).isSameAs(CellEvaluator.NO_VALUE);
        assertThat(eval("v")).isEqualTo(3);
        assertThat(eval("v = 4")).isSameAs(CellEvaluator.NO_VALUE);
        assertThat(eval("String s = null; s")).isNull();
        assertThat(eval("System.out.printf(\"\")")).isSameAs(CellEvaluator.NO_VALUE);
    }

    @Test
    void resultsAreLiveObjectsOfTheKernelsOwnClasses() throws CellException {
        Object t = eval("Tensor.ones(2, 3)");
        assertThat(t).isInstanceOf(Tensor.class);
        assertThat(((Tensor) t).shape().toArray()).containsExactly(2, 3);
    }

    @Test
    void theLastSnippetOfACellGivesItsValue() throws CellException {
        assertThat(eval("int a = 1;\nint b = 2;\n\n// the sum\na + b")).isEqualTo(3);
    }

    @Test
    void moduleMeansTheToolkitsModule() throws CellException {
        assertThat(eval("Module.class.getName()")).isEqualTo("org.backprop4j.nn.Module");
        assertThat(eval("Module m = new Sequential(new Linear(2, 3)); m.numParameters()")).isEqualTo(9L);
    }

    @Test
    void toolkitPackagesAreImportedByDefault() {
        assertThat(evaluator.imports()).contains("org.backprop4j.tensor.*", "org.backprop4j.autograd.*",
                "org.backprop4j.display.*", "static org.backprop4j.kernel.Notebook.*", "java.util.*");
    }

    @Test
    void trainingDiagnosticsCheckpointsAndFunctionalNeedNoImport() throws CellException {
        assertThat(evaluator.imports()).contains("org.backprop4j.diagnostics.*", "org.backprop4j.train.*",
                "org.backprop4j.io.*", "org.backprop4j.nn.functional.F");
        // F (nn.functional), GradientSnapshot/GradientMonitor (diagnostics), all by their simple names.
        assertThat(eval("""
                var fnet = new Sequential(new Linear(2, 4), new ReLU(), new Linear(4, 2));
                Tensor fx = Tensor.randn(Rng.seeded(1), 8, 2);
                F.crossEntropy(F.relu(fnet.call(fx)), Tensor.zeros(DType.INT64, 8)).backward();
                GradientSnapshot snap = GradientMonitor.inspect(fnet);
                snap.parameters().size()""")).isEqualTo(4);
        // Trainer, History (train) and SafeTensors (io).
        assertThat(eval("""
                var loader = DataLoader.builder(Datasets.twoSpirals(32, 0.1, 3)).batchSize(16).build();
                History fitted = Trainer.builder(fnet, F::crossEntropy, new SGD(fnet.parameters(), 0.1))
                        .train(loader).epochs(1).progress(null).build().fit();
                fitted.steps().size()""")).isEqualTo(2);
        assertThat(eval("""
                Path saved = Files.createTempFile("cell", ".safetensors");
                SafeTensors.write(saved, fnet.stateDict());
                int read = SafeTensors.read(saved).tensors().size();
                Files.delete(saved);
                read""")).isEqualTo(4);
    }

    @Test
    void onlyTheRecentExpressionValuesAreKept() throws Exception {
        java.lang.ref.WeakReference<Object> first = new java.lang.ref.WeakReference<>(eval("new int[1 << 20]"));
        Object recent = null;
        for (int i = 0; i < CellEvaluator.RECENT_VALUES; i++) {
            recent = eval("new StringBuilder(\"value " + i + "\")");
        }
        for (int i = 0; i < 50 && first.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(first.get()).as("an expression value %d cells old", CellEvaluator.RECENT_VALUES).isNull();
        // The newest values are still JShell's $n variables: a cell can read the last one back.
        String name = evaluator.onWorker(evaluator::newestValueName);
        assertThat(eval(name + ".toString()")).isEqualTo(recent.toString());
    }

    @Test
    void compileErrorsNameTheCellLineAndShowTheCode() {
        CellException e = failure("int a = 1;\n\nString s = a;");
        assertThat(e.name()).isEqualTo("CompileError");
        assertThat(e.getMessage()).startsWith("incompatible types: int cannot be converted to");
        String trace = String.join("\n", e.traceback()).replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(trace).contains("error in cell [1], line 3: incompatible types").contains("   3 | String s = a;")
                .contains("     |            ^");
        assertThat(failure("int x = (1;").name()).isEqualTo("CompileError");
        assertThat(failure("for (int i = 0; i < 2; i++) {").getMessage()).contains("ends before its statement");
    }

    @Test
    void runtimeErrorsKeepToolkitFramesAndDropTheKernels() {
        CellException e = failure("Tensor a = Tensor.ones(2, 3);\nTensor b = a.matmul(a);");
        assertThat(e.name()).isEqualTo("IllegalArgumentException");
        assertThat(e.getMessage()).isEqualTo("matmul: [2, 3] @ [2, 3]: inner dimensions 3 and 2 differ");
        String trace = String.join("\n", e.traceback()).replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(trace).contains("at org.backprop4j.ops.LinAlg.matmul(").contains("at (cell [1], line 2)")
                .doesNotContain("org.backprop4j.kernel").doesNotContain("jdk.jshell").doesNotContain("reflect");
    }

    @Test
    void causesAreShown() {
        CellException e = failure("throw new RuntimeException(\"outer\", new IllegalStateException(\"inner\"));");
        assertThat(String.join("\n", e.traceback()).replaceAll("\u001b\\[[0-9;]*m", ""))
                .contains("java.lang.RuntimeException: outer")
                .contains("Caused by: java.lang.IllegalStateException: inner");
    }

    /** Runs code that sets TestLoops.STARTED when its loop runs, interrupts it then, checks it stops in 2 s. */
    private static CellException interruptOnceStarted(String code) throws Exception {
        TestLoops.STARTED.set(false);
        CompletableFuture<CellException> run = CompletableFuture.supplyAsync(() -> failure(code));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!TestLoops.STARTED.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(TestLoops.STARTED.get()).as("the loop started").isTrue();
        Thread.sleep(100);
        long t0 = System.nanoTime();
        evaluator.interrupt();
        CellException e = run.get(10, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds from interrupt to stop").isLessThan(2);
        return e;
    }

    @Test
    void anInterruptStopsALoopInCellCodeThatNeverChecks() throws Exception {
        CellException e = interruptOnceStarted("long n = 0;\n"
                + "while (true) { n++; org.backprop4j.kernel.TestLoops.STARTED.set(true); }");
        assertThat(e.name()).isEqualTo("Interrupted");
        assertThat(eval("n > 0")).isEqualTo(true);
    }

    @Test
    void anInterruptReachesLibraryCodeThroughThreadInterruption() throws Exception {
        CellException e = interruptOnceStarted("long spun = org.backprop4j.kernel.TestLoops.spinUntilInterrupted();\n"
                + "int after = 1;");
        assertThat(e.name()).isEqualTo("Interrupted");
        assertThat(failure("after").name()).as("the rest of the cell did not run").isEqualTo("CompileError");
        assertThat(eval("2 * 21")).isEqualTo(42);
    }

    @Test
    void anInterruptWakesBlockingCalls() throws Exception {
        assertThat(interruptOnceStarted("org.backprop4j.kernel.TestLoops.STARTED.set(true); Thread.sleep(60_000);")
                .name()).isEqualTo("Interrupted");
    }

    @Test
    void stopChecksAreWovenAtMethodEntryAndLoopBackEdges() throws Exception {
        byte[] original;
        try (InputStream in = Looper.class.getResourceAsStream("CellEvaluatorTest$Looper.class")) {
            original = in.readAllBytes();
        }
        var woven = ClassFile.of().parse(LocalExecution.weave(original));
        long checks = woven.methods().stream().filter(m -> m.methodName().equalsString("loop"))
                .flatMap(m -> m.code().orElseThrow().elementStream())
                .filter(el -> el instanceof InvokeInstruction i && i.owner().asInternalName()
                        .equals("org/backprop4j/kernel/StopCheck") && i.name().equalsString("check"))
                .count();
        assertThat(checks).isEqualTo(2);
    }

    @Test
    void completenessOfPartialInput() {
        assertThat(evaluator.isComplete("int a = 1;")).isEqualTo("complete");
        assertThat(evaluator.isComplete("int a = 1;\nfor (int i = 0; i < 3; i++) {")).isEqualTo("incomplete");
        assertThat(evaluator.isComplete("int a = ;)")).isEqualTo("invalid");
    }

    @Test
    void completionAndDocumentationComeFromJShell() {
        CellEvaluator.Completions c = evaluator.complete("Tensor.ra", 9);
        assertThat(c.matches()).contains("randn(", "rand(", "randint(");
        assertThat(c.start()).isEqualTo(7);
        assertThat(evaluator.documentation("Math.sqrt(", 10, false)).extracting(d -> d.signature())
                .containsExactly("double Math.sqrt(double a)");
    }

    @Test
    void failuresInTheKernelAreNotSwallowed() {
        assertThatThrownBy(() -> evaluator.onWorker(() -> {
            throw new IllegalStateException("broken");
        })).isInstanceOf(IllegalStateException.class).hasMessage("broken");
    }
}
