package org.backprop4j.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.gradcheck.GradCheck;
import org.backprop4j.io.SafeTensors;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MSELoss;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Tanh;
import org.backprop4j.optim.Adagrad;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.AdamW;
import org.backprop4j.optim.GradClipping;
import org.backprop4j.optim.LBFGS;
import org.backprop4j.optim.FlatParameter;
import org.backprop4j.optim.Hyperparameters;
import org.backprop4j.optim.PerParameterOptimizer;
import org.backprop4j.optim.RMSprop;
import org.backprop4j.optim.SGD;
import org.backprop4j.optim.StateCodec;
import org.backprop4j.optim.StateEntries;
import org.backprop4j.optim.schedule.ChainedSchedule;
import org.backprop4j.optim.schedule.CosineAnnealingLR;
import org.backprop4j.optim.schedule.EpochSchedule;
import org.backprop4j.optim.schedule.ExponentialLR;
import org.backprop4j.optim.schedule.LambdaLR;
import org.backprop4j.optim.schedule.LinearWarmup;
import org.backprop4j.optim.schedule.LrSchedule;
import org.backprop4j.optim.schedule.OneCycleLR;
import org.backprop4j.optim.schedule.ReduceLROnPlateau;
import org.backprop4j.optim.schedule.SequentialSchedule;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of optimizers, schedules, clipping, safetensors and gradient checks. */
class OptimSnippets {
    private final Module model = new Sequential(new Linear(3, 8), new Tanh(), new Linear(8, 1));
    private final Tensor x = Tensor.randn(Rng.seeded(1), 16, 3);
    private final Tensor y = Tensor.randn(Rng.seeded(2), 16, 1);

    private double loss() {
        return new MSELoss().forward(model.call(x), y).item();
    }

    /** One epoch of full-batch training, the stand-in for a user's own loop in the examples. */
    private void train(Module model, PerParameterOptimizer<?, ?> optimizer) {
        optimizer.zeroGrad();
        new MSELoss().forward(model.call(x), y).backward();
        optimizer.step();
    }

    private double validationLoss(Module model) {
        return loss();
    }

    @Test
    void optimizers() {
        double before = loss();
        // @start region="optimizer"
        Adam adam = new Adam(model.parameters(), Adam.Options.DEFAULT.withLr(1e-3));
        for (int step = 0; step < 100; step++) {
            adam.zeroGrad();
            new MSELoss().forward(model.call(x), y).backward();
            adam.step();
        }
        // @end
        assertThat(loss()).isLessThan(before);
        // @start region="adam"
        Adam amsgrad = new Adam(model.parameters(), Adam.Options.DEFAULT.withLr(3e-4).withAmsgrad(true));
        // @end
        // @start region="adamW"
        AdamW adamW = new AdamW(model.parameters(), AdamW.Options.DEFAULT.withLr(3e-4).withWeightDecay(0.05));
        // @end
        // @start region="sgd"
        SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.1).withMomentum(0.9).withNesterov(true));
        // @end
        // @start region="rmsprop"
        RMSprop rmsprop = new RMSprop(model.parameters(), RMSprop.Options.DEFAULT.withCentered(true));
        // @end
        // @start region="adagrad"
        Adagrad adagrad = new Adagrad(model.parameters(), Adagrad.Options.DEFAULT.withLr(0.05));
        // @end
        assertThat(List.of(amsgrad.options(0).amsgrad(), adamW.options(0).weightDecay() == 0.05,
                sgd.options(0).nesterov(), rmsprop.options(0).centered(), adagrad.lr(0) == 0.05)).containsOnly(true);
    }

    // @start region="customOptimizer"
    /** signSGD: {@code p -= lr * sign(g)}. */
    static final class SignSGD extends PerParameterOptimizer<SignSGD.Options, Void> {
        record Options(double lr) implements Hyperparameters<Options> {
            Options {
                if (!(lr >= 0) || Double.isInfinite(lr)) {
                    throw new IllegalArgumentException("SignSGD: lr must be a finite number >= 0, got " + lr);
                }
            }

            public Options withLr(double value) {
                return new Options(value);
            }
        }

        SignSGD(List<? extends Tensor> params, double lr) {
            super(params, new Options(lr), SignSGD::update, new StateCodec<>() {
                public Map<String, Object> encodeOptions(Options o) {
                    return Map.of("lr", o.lr());
                }

                public Options decodeOptions(StateEntries entries) {
                    return new Options(entries.getDouble("lr"));
                }

                public Map<String, Object> encodeState(Void state) {
                    return Map.of();
                }

                public Void decodeState(Tensor param, StateEntries entries) {
                    return null;
                }
            });
        }

        private static Void update(FlatParameter p, Options o, Void state) {
            if (p.floats() != null) {
                for (int i = 0; i < p.numel(); i++) {
                    p.floats()[i] -= (float) (o.lr() * Math.signum(p.gradFloats()[i]));
                }
            } else {
                for (int i = 0; i < p.numel(); i++) {
                    p.doubles()[i] -= o.lr() * Math.signum(p.gradDoubles()[i]);
                }
            }
            return null;
        }
    }
    // @end

    @Test
    void customOptimizer() {
        double before = loss();
        SignSGD optimizer = new SignSGD(model.parameters(), 1e-3);
        for (int step = 0; step < 50; step++) {
            train(model, optimizer);
        }
        assertThat(loss()).isLessThan(before);
        SignSGD restored = new SignSGD(model.parameters(), 0.5);
        restored.loadStateDict(optimizer.stateDict());
        assertThat(restored.lr(0)).isEqualTo(1e-3);
    }

    @Test
    void clipping() {
        Tensor loss = new MSELoss().forward(model.call(x), y).mul(1e4);
        SGD optimizer = new SGD(model.parameters(), 0.01);
        // @start region="clipping"
        loss.backward();
        double norm = GradClipping.clipGradNorm(model.parameters(), 1.0);
        optimizer.step();
        // @end
        assertThat(norm).isGreaterThan(1.0);
    }

    static Tensor rosenbrock(Tensor p) {
        Tensor a = p.select(0, 0);
        Tensor b = p.select(0, 1);
        return a.neg().add(1).square().add(b.sub(a.square()).square().mul(100));
    }

    @Test
    void lbfgs() {
        Tensor x = Tensor.of(-1.5, 2.0).requiresGrad(true);
        // @start region="lbfgs"
        LBFGS lbfgs = new LBFGS(List.of(x), LBFGS.Options.DEFAULT.withLineSearch(LBFGS.LineSearch.STRONG_WOLFE));
        lbfgs.step(() -> {
            lbfgs.zeroGrad();
            Tensor loss = rosenbrock(x);
            loss.backward();
            return loss;
        });
        // @end
        assertThat(rosenbrock(x).item()).isLessThan(rosenbrock(Tensor.of(-1.5, 2.0)).item());
    }

    @Test
    void closure() {
        MSELoss lossFn = new MSELoss();
        SGD optimizer = new SGD(model.parameters(), 0.05);
        double before = loss();
        // @start region="closure"
        optimizer.step(() -> {
            optimizer.zeroGrad();
            Tensor loss = lossFn.forward(model.call(x), y);
            loss.backward();
            return loss;
        });
        // @end
        assertThat(loss()).isLessThan(before);
    }

    @Test
    void schedules() {
        SGD sgd = new SGD(model.parameters(), 0.1);
        Adam adam = new Adam(model.parameters(), 1e-3);
        // @start region="chained"
        new ChainedSchedule(List.of(new LinearWarmup(sgd, 0.1, 5), new ExponentialLR(sgd, 0.9)));
        // @end
        // @start region="lambda"
        new LambdaLR(adam, epoch -> Math.min(1.0, (epoch + 1) / 10.0));
        // @end
        assertThat(adam.lr(0)).isEqualTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
        // @start region="warmup"
        LrSchedule schedule = new LinearWarmup(adam, 0.01, 10).followedBy(new CosineAnnealingLR(adam, 90));
        // @end
        assertThat(schedule).isInstanceOf(SequentialSchedule.class);
        int epochs = 3;
        int batchesPerEpoch = 10;
        // @start region="oneCycle"
        new OneCycleLR(sgd, 0.1, epochs * batchesPerEpoch);
        // @end
        // @start region="sequential"
        EpochSchedule warmup = new LinearWarmup(sgd, 0.1, 5);
        EpochSchedule decay = new CosineAnnealingLR(sgd, 95);
        LrSchedule sequence = new SequentialSchedule(sgd, List.of(warmup, decay), new int[] {5});
        // @end
        assertThat(sequence).isNotNull();
    }

    @Test
    void scheduleLoop() {
        // @start region="schedule"
        SGD sgd = new SGD(model.parameters(), 0.1);
        LrSchedule schedule = new CosineAnnealingLR(sgd, 100);
        for (int epoch = 0; epoch < 100; epoch++) {
            train(model, sgd);
            schedule.step();
        }
        // @end
        assertThat(sgd.lr(0)).isLessThan(1e-6);
    }

    @Test
    void plateau() {
        SGD sgd = new SGD(model.parameters(), 0.1);
        // @start region="plateau"
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(sgd, ReduceLROnPlateau.Options.DEFAULT.withPatience(5));
        for (int epoch = 0; epoch < 100; epoch++) {
            train(model, sgd);
            plateau.step(validationLoss(model));
        }
        // @end
        assertThat(sgd.lr(0)).isLessThanOrEqualTo(0.1);
    }

    @Test
    void safeTensors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.safetensors");
        // @start region="safeTensors"
        SafeTensors.write(file, model.stateDict(), Map.of("format", "pt"));
        model.loadStateDict(SafeTensors.read(file).tensors(), true);
        // @end
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void gradCheck() {
        // @start region="gradCheck"
        Tensor x = Tensor.randn(Rng.seeded(1), DType.FLOAT64, 3, 4).requiresGrad(true);
        GradCheck.check(in -> in[0].tanh().sum(1), x);              // throws GradCheckException on a mismatch
        GradCheck.checkSecondOrder(in -> in[0].tanh().sum(1), x);   // the same for the gradient itself
        // @end
        assertThat(GradCheck.check(in -> in[0].tanh().sum(1), x).compared()).isEqualTo(12 * 3);
    }
}
