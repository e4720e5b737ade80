package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Datasets;
import org.backprop4j.data.TensorDataset;
import org.backprop4j.diagnostics.GradientMonitor;
import org.backprop4j.diagnostics.GradientSnapshot;
import org.backprop4j.diagnostics.GradientWarning;
import org.backprop4j.diagnostics.MonitorOptions;
import org.backprop4j.display.Display;
import org.backprop4j.display.GradientPlots;
import org.backprop4j.display.GraphView;
import org.backprop4j.display.MimeBundle;
import org.backprop4j.display.TrainingView;
import org.backprop4j.io.Checkpoint;
import org.backprop4j.io.TrainingState;
import org.backprop4j.nn.CrossEntropyLoss;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Loss;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Tanh;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.SGD;
import org.backprop4j.optim.schedule.CosineAnnealingLR;
import org.backprop4j.tensor.Tensor;
import org.backprop4j.train.Callback;
import org.backprop4j.train.CheckpointSaver;
import org.backprop4j.train.ConsoleProgress;
import org.backprop4j.train.EarlyStopping;
import org.backprop4j.train.Evaluation;
import org.backprop4j.train.History;
import org.backprop4j.train.Metric;
import org.backprop4j.train.Metrics;
import org.backprop4j.train.MonitorCallback;
import org.backprop4j.train.PeriodicEvaluation;
import org.backprop4j.train.TimeBudget;
import org.backprop4j.train.Trainer;
import org.backprop4j.train.TrainerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of the train, io and diagnostics packages, of the module base class, the functional API and the
 * training displays. Examples written for a notebook call {@code display}, which the kernel provides; here it
 * renders the same bundle.
 */
class TrainSnippets {
    @TempDir
    Path dir;

    private static final TensorDataset MOONS = Datasets.twoMoons(200, 0.1, 7);
    private final List<MimeBundle> shown = new ArrayList<>();
    private final DataLoader trainLoader = DataLoader.builder(MOONS).batchSize(32).shuffle(true).seed(3).build();
    private final DataLoader testLoader = DataLoader.builder(MOONS).batchSize(64).build();
    private final DataLoader loader = trainLoader;
    private final Module model = model();
    private final Loss loss = new CrossEntropyLoss();
    private final Adam adam = new Adam(model.parameters(), Adam.Options.DEFAULT.withLr(0.02));
    private final Adam optimizer = adam;
    private final SGD sgd = new SGD(model.parameters(), SGD.Options.DEFAULT.withLr(0.1));

    private void display(Object value) {
        shown.add(Display.bundle(value));
    }

    private static Module model() {
        Module m = new Sequential(new Linear(2, 16), new Tanh(), new Linear(16, 2));
        m.resetParameters(Rng.seeded(1));
        return m;
    }

    @Test
    void trainer() {
        // @start region="trainer"
        Trainer trainer = Trainer.builder(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3))
                .train(trainLoader).validation(testLoader).epochs(5).metrics(Metrics.accuracy())
                .build();
        History history = trainer.fit();
        System.out.println(trainer.evaluate(testLoader).get("accuracy"));
        // @end
        assertThat(history.epochs()).hasSize(5);
        assertThat(trainer.evaluate(testLoader).get("accuracy")).isBetween(0.5, 1.0);
    }

    @Test
    void builder() {
        // @start region="builder"
        Trainer trainer = Trainer.builder(model, new CrossEntropyLoss(), adam)
                .train(trainLoader).validation(testLoader).epochs(10)
                .schedule(new CosineAnnealingLR(adam, 10), Trainer.Interval.EPOCH)
                .clipGradNorm(1.0).metrics(Metrics.accuracy()).seed(42)
                .build();
        // @end
        History h = trainer.fit();
        assertThat(h.get("val_accuracy")).hasSize(10);
        assertThat(h.get("val_accuracy")[9]).isGreaterThan(0.8);
    }

    @Test
    void history() throws Exception {
        Trainer trainer = Trainer.builder(model, loss, adam).train(trainLoader).validation(testLoader).epochs(3)
                .metrics(Metrics.accuracy()).progress(null).build();
        // @start region="history"
        History h = trainer.fit();
        double[] val = h.get("val_accuracy");
        Display.save(h.plot("loss", "accuracy"), dir.resolve("curves.png"));
        // @end
        assertThat(val).hasSize(3);
        assertThat(dir.resolve("curves.png")).isNotEmptyFile();
    }

    @Test
    void periodicEvaluation() {
        // @start region="periodic-evaluation"
        PeriodicEvaluation curve = new PeriodicEvaluation(testLoader, 10);   // at step 0 and every 10 steps
        Trainer trainer = Trainer.builder(model, new CrossEntropyLoss(), adam)
                .train(trainLoader).epochs(100).maxSteps(60).metrics(Metrics.accuracy()).callbacks(curve)
                .build();
        trainer.fit();
        double[] accuracy = curve.values("accuracy");            // at curve.steps(): 0, 10, ..., 60
        long toNinety = curve.stepsToReach("accuracy", 0.9);     // -1 if never
        // @end
        assertThat(curve.steps()).containsExactly(0, 10, 20, 30, 40, 50, 60);
        assertThat(accuracy).hasSize(7);
        assertThat(toNinety).isIn(-1L, 0L, 10L, 20L, 30L, 40L, 50L, 60L);
    }

    @Test
    void callbacks() {
        // @start region="callback"
        Callback printer = new Callback() {
            public void onEpochEnd(Trainer trainer, History.EpochRecord epoch) {
                System.out.println(epoch.epoch() + ": " + epoch.values());
            }
        };
        // @end
        TrainerBuilder builder = Trainer.builder(model, loss, adam).train(trainLoader).validation(testLoader)
                .epochs(20).metrics(Metrics.accuracy()).progress(null)
                // @start region="early-stopping"
                .callbacks(EarlyStopping.monitor("val_accuracy").withMode(EarlyStopping.Mode.MAX).withPatience(3)
                        .withRestoreBestWeights(true))
                // @end
                ;
        builder.callbacks(printer, new TimeBudget(Duration.ofMinutes(10)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        History h;
        try {
            h = builder.build().fit();
        } finally {
            System.setOut(saved);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(h.epochs().size())
                .first().asString().startsWith("0: {");
        assertThat(h.epochs().size()).isLessThanOrEqualTo(20);
    }

    @Test
    void timeBudget() {
        Trainer trainer = Trainer.builder(model, loss, adam).train(trainLoader).epochs(1000).progress(null)
                // @start region="time-budget"
                .callbacks(new TimeBudget(Duration.ofMillis(200)))
                // @end
                .build();
        History h = trainer.fit();
        assertThat(h.epochs().size()).isLessThan(1000);
        assertThat(h.stopReason()).isNotNull();
    }

    @Test
    void metrics() {
        TrainerBuilder b =
        // @start region="metrics"
        Trainer.builder(model, new CrossEntropyLoss(), adam)
                .metrics(Metrics.accuracy(), Metrics.topKAccuracy(5), Metrics.precisionRecallF1(10))
        // @end
                ;
        // @start region="metric"
        Metric meanOutput = Metric.of("mean_output",
                (output, target) -> new double[] {output.sum().item(), output.numel()},
                totals -> totals[0] / totals[1]);
        // @end
        Trainer trainer = Trainer.builder(model, loss, adam).train(trainLoader).epochs(1).progress(null)
                .metrics(meanOutput, Metrics.confusionMatrix(2)).build();
        trainer.fit();
        // @start region="confusion"
        Evaluation e = trainer.evaluate(testLoader);      // with Metrics.confusionMatrix(10) among the metrics
        Tensor counts = e.confusionMatrix();              // [10, 10] int64
        // @end
        assertThat(b).isNotNull();
        assertThat(counts.to(DType.FLOAT64).sum().item()).isEqualTo(200.0);
        Tensor all = model.call(MOONS.features());
        assertThat(e.get("mean_output")).isCloseTo(all.mean().item(), within(1e-5));
    }

    @Test
    void console() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // @start region="console"
        Trainer.builder(model, loss, sgd).train(loader).progress(new ConsoleProgress(System.out)).build();
        // @end
        Trainer.builder(model, loss, sgd).train(loader).epochs(1).progress(new ConsoleProgress(out)).build().fit();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("epoch 1/1");
    }

    @Test
    void checkpoints() {
        Path runs = dir.resolve("runs/a");
        Trainer trainer = Trainer.builder(model, loss, adam).train(trainLoader).epochs(3).progress(null)
                .validation(testLoader)
                // @start region="checkpoint-saver"
                .callbacks(CheckpointSaver.every(runs, 1).keepLast(3).keepBest("val_loss", EarlyStopping.Mode.MIN))
                // @end
                .build();
        trainer.fit();
        Map<String, Tensor> trained = model.stateDict();
        // @start region="checkpoint-resume"
        trainer.loadCheckpoint(Checkpoint.latest(runs).orElseThrow());
        // @end
        assertThat(Checkpoint.list(runs)).isNotEmpty();
        assertThat(model.stateDict().get("0.weight").allClose(trained.get("0.weight"), 0, 0)).isTrue();

    }

    @Test
    void checkpointFiles() {
        Path dir = this.dir.resolve("checkpoints");
        Trainer trainer = Trainer.builder(model, loss, adam).train(trainLoader).epochs(1).progress(null).build();
        CosineAnnealingLR schedule = new CosineAnnealingLR(adam, 10);
        TrainingState state = new TrainingState(3, 0, 21, Map.of(), Map.of());
        Tensor savedBias = model.stateDict().get("2.bias").clone();
        // @start region="checkpoint-save"
        Checkpoint.save(dir.resolve("epoch-3"), model, adam, schedule, state);
        // @end
        trainer.fit(1);
        assertThat(model.stateDict().get("2.bias").allClose(savedBias, 0, 0)).isFalse();
        // @start region="checkpoint-load"
        Checkpoint c = Checkpoint.load(Checkpoint.latest(dir).orElseThrow());
        c.restore(model, adam, schedule);
        // @end
        assertThat(c.training().step()).isEqualTo(21);
        assertThat(model.stateDict().get("2.bias").allClose(savedBias, 0, 0)).isTrue();
    }

    @Test
    void monitor() {
        Tensor x = MOONS.features();
        Tensor y = MOONS.labels();
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        int steps = 5;
        // @start region="monitor"
        try (GradientMonitor monitor = GradientMonitor.attach(model)) {
            for (int step = 0; step < steps; step++) {
                Tensor loss = lossFn.forward(model.call(x), y);
                model.zeroGrad();
                loss.backward();
                GradientSnapshot s = monitor.record(step);   // before optimizer.step(): the update is measured next time
                if (!s.healthy()) System.out.println(s.warnings());
                optimizer.step();
            }
            display(GradientPlots.flow(monitor.latest()));
            // @end
            // @start region="snapshot"
            GradientSnapshot s = monitor.record(steps);
            double first = s.layer("0").gradNorm();
            s.warnings(GradientWarning.Kind.VANISHING);
            // @end
            assertThat(first).isPositive();
        }
        assertThat(shown).hasSize(1);
        // @start region="monitor-options"
        GradientMonitor monitor = GradientMonitor.attach(model,
                MonitorOptions.DEFAULT.withExplodingThreshold(100).withTrackUpdates(false));
        // @end
        assertThat(monitor.options().explodingThreshold()).isEqualTo(100);
        monitor.close();
    }

    @Test
    void monitorCallback() {
        // @start region="monitor-callback"
        MonitorCallback health = MonitorCallback.every(10).stoppingOn(GradientWarning.Kind.NON_FINITE);
        Trainer trainer = Trainer.builder(model, loss, optimizer).train(loader).epochs(3).callbacks(health).build();
        trainer.fit();
        display(GradientPlots.flow(health.monitor().latest()));
        // @end
        assertThat(health.monitor().history()).isNotEmpty();
        assertThat(shown).hasSize(1);
    }

    @Test
    void plots() throws Exception {
        GradientMonitor monitor = GradientMonitor.attach(model);
        for (int step = 0; step < 3; step++) {
            model.zeroGrad();
            loss.forward(model.call(MOONS.features()), MOONS.labels()).backward();
            monitor.record(step);
            adam.step();
        }
        // @start region="gradient-plots"
        display(GradientPlots.flow(monitor.latest()));
        Display.save(GradientPlots.normHeatmap(monitor.history()), dir.resolve("grad-norms.png"));
        display(GradientPlots.activations(monitor.latest()));
        // @end
        monitor.close();
        assertThat(shown).hasSize(2);
        assertThat(Files.size(dir.resolve("grad-norms.png"))).isPositive();

        Trainer trainer = Trainer.builder(model, loss, adam).train(trainLoader).epochs(1).progress(null).build();
        trainer.fit();
        // @start region="training-view"
        byte[] chart = TrainingView.chartPng(trainer);
        Display.save(TrainingView.bundle(trainer, chart), dir.resolve("training.html"));
        // @end
        assertThat(Files.readString(dir.resolve("training.html"))).contains("<img");
    }

    @Test
    void graph() throws Exception {
        Tensor x = MOONS.features();
        Tensor y = Tensor.randn(Rng.seeded(4), 200, 2);
        // @start region="graph"
        Tensor loss = model.call(x).sub(y).square().mean();
        display(GraphView.of(loss).withParameters(model.namedParameters()));
        Display.save(GraphView.of(loss), dir.resolve("graph.svg"));
        // @end
        assertThat(shown).hasSize(1);
        assertThat(GraphView.of(loss).withParameters(model.namedParameters()).toDot()).contains("0.weight");
    }
}
