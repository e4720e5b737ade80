package org.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import org.backprop4j.array.DType;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FGSM and PGD (no random start) against PyTorch on a fixed tiny float64 classifier; the expected values come from
 * {@code golden/make_adversarial_golden.py}, which says how they were made.
 */
class AdversarialGoldenTest {
    private static final double RTOL = 1e-10;
    private static final double ATOL = 1e-12;

    record Values(int[] shape, double[] values) {
        Tensor tensor() {
            return Tensor.of(Storage.of(values.clone()), Shape.of(shape));
        }
    }

    record Attack(double epsilon, double stepSize, int steps, double min, double max, Values xAdv, double loss) {
    }

    record Golden(Map<String, Values> state, Values x, long[] target, double loss, Values inputGrad, Attack fgsm,
            Attack pgd) {
    }

    private static Golden golden;
    private static Sequential model;
    private static Tensor x;
    private static Tensor target;

    @BeforeAll
    static void load() throws IOException {
        Gson gson = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
        try (InputStream in = AdversarialGoldenTest.class.getResourceAsStream("/golden/adversarial_golden.json")) {
            golden = gson.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Golden.class);
        }
        try (var _ = DType.useDefaultFloat(DType.FLOAT64)) {
            model = new Sequential(new Linear(4, 6), new Tanh(), new Linear(6, 3));
        }
        Map<String, Tensor> state = new LinkedHashMap<>();
        golden.state().forEach((k, v) -> state.put(k, v.tensor()));
        model.loadStateDict(state, true);
        x = golden.x().tensor();
        target = Tensor.of(golden.target());
    }

    private static Tensor loss(Tensor input) {
        return new CrossEntropyLoss().forward(model.call(input), target);
    }

    @Test
    void theInputGradientIsPyTorchs() {
        Tensor at = x.detach().requiresGrad(true);
        Tensor l = loss(at);
        assertThat(l.item()).isCloseTo(golden.loss(), within(1e-12));
        assertThat(Autograd.grad(l, at)[0]).isCloseTo(golden.inputGrad().tensor(), RTOL, ATOL);
    }

    @Test
    void fgsmGivesPyTorchsAdversarialInputs() {
        Attack a = golden.fgsm();
        Tensor adv = Adversarial.fgsm(Adversarial.lossOf(model, new CrossEntropyLoss(), target), x, a.epsilon(),
                a.min(), a.max());
        assertThat(adv).hasDtype(DType.FLOAT64).isCloseTo(a.xAdv().tensor(), RTOL, ATOL);
        assertThat(loss(adv).item()).isCloseTo(a.loss(), within(1e-12));
        assertThat(a.loss()).as("the attack raises the loss").isGreaterThan(golden.loss());
    }

    @Test
    void pgdWithoutRandomStartGivesPyTorchsAdversarialInputs() {
        Attack a = golden.pgd();
        var options = new Adversarial.PgdOptions(a.epsilon(), a.stepSize(), a.steps(), false, a.min(), a.max());
        Tensor adv = Adversarial.pgd(Adversarial.lossOf(model, new CrossEntropyLoss(), target), x, options, null);
        assertThat(adv).isCloseTo(a.xAdv().tensor(), RTOL, ATOL);
        assertThat(loss(adv).item()).isCloseTo(a.loss(), within(1e-12));
        assertThat(List.of(a.loss(), golden.fgsm().loss())).as("PGD ends stronger than FGSM here")
                .isSortedAccordingTo((p, q) -> Double.compare(q, p));
    }
}
