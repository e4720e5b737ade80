package org.backprop4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.FieldNamingPolicy;

import org.backprop4j.array.LowPrecision;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.autograd.Autograd;
import org.backprop4j.nn.Conv2d;
import org.backprop4j.nn.Linear;
import org.backprop4j.tensor.LowPrecisionTensor;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 16-bit casts and the autocast matrix product against PyTorch; the expected values come from
 * {@code golden/make_amp_golden.py}, which says how they were made.
 */
class AutocastGoldenTest {
    record Values(int[] shape, double[] values) {
        Tensor tensor() {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return Tensor.of(Storage.of(f), Shape.of(shape));
        }
    }

    record Casts(int[] bits, int[] bfloat16, int[] float16) {
    }

    record Case(Values x, Values w1, Values b1, Values w2, Values b2, Values target, double loss, double fp32Loss,
            Map<String, Values> grads) {
    }

    record Golden(Casts casts, Case autocast) {
    }

    private static Golden golden;

    @BeforeAll
    static void load() throws IOException {
        Gson gson = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
        try (InputStream in = AutocastGoldenTest.class.getResourceAsStream("/golden/amp_golden.json")) {
            golden = gson.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Golden.class);
        }
    }

    @Test
    void castsRoundLikePyTorchBitForBit() {
        Casts c = golden.casts();
        assertThat(c.bits()).hasSizeGreaterThan(200);
        for (int i = 0; i < c.bits().length; i++) {
            float v = Float.intBitsToFloat(c.bits()[i]);
            assertThat(LowPrecision.BFLOAT16.toBits(v) & 0xFFFF).as("bfloat16 of %s", v).isEqualTo(c.bfloat16()[i]);
            assertThat(LowPrecision.FLOAT16.toBits(v) & 0xFFFF).as("float16 of %s", v).isEqualTo(c.float16()[i]);
        }
    }

    @Test
    void everyBitPatternSurvivesTheRoundTripAndNaNStaysNaN() {
        for (LowPrecision p : LowPrecision.values()) {
            for (int b = 0; b < 1 << 16; b++) {
                float v = p.fromBits((short) b);
                if (Float.isNaN(v)) {
                    assertThat(Float.isNaN(p.fromBits(p.toBits(v)))).isTrue();
                } else {
                    assertThat(p.toBits(v) & 0xFFFF).as("%s bits %x", p, b).isEqualTo(b);
                }
            }
            // a NaN whose upper 16 bits alone would read as infinity
            assertThat(Float.isNaN(p.round(Float.intBitsToFloat(0x7F800001)))).isTrue();
        }
    }

    @Test
    void theRoundOpRoundsValuesAndItsGradient() {
        Tensor x = Tensor.of(new float[] {1.00390625f, 1.01171875f, 3.14159f}).requiresGrad(true);
        Tensor y = Autocast.round(x, LowPrecision.BFLOAT16);
        assertThat(y.toFloatArray()).containsExactly(1.0f, 1.015625f, 3.140625f);
        Tensor g = Tensor.of(new float[] {0.1f, 1.00390625f, -7.3f});
        Tensor dx = Autograd.grad(java.util.List.of(y), java.util.List.of(g), java.util.List.of(x),
                org.backprop4j.autograd.BackwardOptions.DEFAULT)[0];
        assertThat(dx.toFloatArray()).containsExactly(LowPrecision.BFLOAT16.round(0.1f), 1.0f,
                LowPrecision.BFLOAT16.round(-7.3f));
    }

    @Test
    void aLowPrecisionTensorTakesTwoBytesAndRoundTripsItsValues() {
        Tensor t = Tensor.of(new float[] {1.000244140625f, -2.5f, 65520f, 1e-9f}, 2, 2); // 1 + 2^-12 rounds to 1
        LowPrecisionTensor h = LowPrecisionTensor.of(t, LowPrecision.FLOAT16);
        assertThat(h.nbytes()).isEqualTo(8);
        assertThat(h.shape()).isEqualTo(t.shape());
        assertThat(h.toTensor().toFloatArray()).containsExactly(1.0f, -2.5f, Float.POSITIVE_INFINITY, 0f);
        assertThatThrownBy(() -> LowPrecisionTensor.of(Tensor.of(1L, 2L), LowPrecision.BFLOAT16))
                .hasMessageContaining("int64");
    }

    private static Tensor[] params(Case c) {
        return new Tensor[] {c.x().tensor().requiresGrad(true), c.w1().tensor().requiresGrad(true),
            c.b1().tensor().requiresGrad(true), c.w2().tensor().requiresGrad(true), c.b2().tensor().requiresGrad(true)};
    }

    private static Tensor loss(Tensor[] p, Tensor target) {
        Tensor h = p[0].matmul(p[1].t()).add(p[2]).tanh();
        return h.matmul(p[3].t()).add(p[4]).sub(target).square().mean();
    }

    @Test
    void aNetworkUnderAutocastMatchesPyTorchsBfloat16CastsAndNotFloat32() {
        Case c = golden.autocast();
        Tensor target = c.target().tensor();
        Tensor[] p = params(c);
        Tensor loss;
        Tensor[] grads;
        try (Scope _ = Autocast.enable(LowPrecision.BFLOAT16)) {
            loss = loss(p, target);
            grads = Autograd.grad(loss, p);
        }
        assertThat(Autocast.current()).isNull();
        // float32 sums in another order may round a product to the neighbouring bfloat16: one bfloat16 step
        double bf16Step = LowPrecision.BFLOAT16.epsilon();
        assertThat(loss.item()).isCloseTo(c.loss(), org.assertj.core.api.Assertions.within(c.loss() * 1e-3));
        assertThat(Math.abs(c.loss() - c.fp32Loss())).as("the case tells bfloat16 from float32")
                .isGreaterThan(Math.abs(loss.item() - c.loss()) * 5);
        String[] names = {"x", "w1", "b1", "w2", "b2"};
        for (int i = 0; i < names.length; i++) {
            float[] got = grads[i].toFloatArray();
            double[] want = c.grads().get(names[i]).values();
            double scale = 0;
            for (double w : want) {
                scale = Math.max(scale, Math.abs(w));
            }
            for (int j = 0; j < got.length; j++) {
                assertThat((double) got[j]).as("d loss / d %s[%d]", names[i], j)
                        .isCloseTo(want[j], org.assertj.core.api.Assertions.within(2 * bf16Step * scale));
            }
        }
        // without autocast the same network is float32 and differs from the bfloat16 loss
        Tensor plain = loss(params(c), target);
        assertThat(plain.item()).isCloseTo(c.fp32Loss(), org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void theFusedLinearAndConvolutionLayersAlsoMultiplyInSixteenBits() {
        Rng rng = Rng.seeded(5);
        Linear linear = new Linear(7, 3, false);
        Conv2d conv = new Conv2d(3, 4, 3);
        linear.resetParameters(rng);
        conv.resetParameters(rng);
        Tensor x = Tensor.randn(rng, 4, 7);
        Tensor image = Tensor.randn(rng, 2, 3, 6, 6);
        Tensor y;
        Tensor expected;
        Tensor z;
        try (Scope _ = Autocast.enable(LowPrecision.BFLOAT16)) {
            y = linear.call(x);
            expected = x.matmul(linear.weight().t());
            z = conv.call(image).sub(conv.bias().reshape(1, 4, 1, 1));
        }
        assertThat(y.allClose(expected, 0, 0)).isTrue();
        for (float v : z.toFloatArray()) {   // products rounded to bfloat16 before the bias is added
            assertThat((double) LowPrecision.BFLOAT16.round(v))
                    .isCloseTo(v, org.assertj.core.api.Assertions.within(1e-6 * Math.abs(v) + 1e-7));
        }
        assertThat(linear.call(x).allClose(y, 0, 0)).as("without autocast the product is float32").isFalse();
    }

    @Test
    void scopesNestAndFloat64IsLeftAlone() {
        Tensor a = Tensor.of(new double[] {1.00390625, 2}, 1, 2);
        Tensor b = Tensor.of(new double[] {1, 1}, 2, 1);
        try (Scope _ = Autocast.enable(LowPrecision.FLOAT16)) {
            assertThat(a.matmul(b).item()).isEqualTo(3.00390625);
            try (Scope _ = Autocast.disable()) {
                assertThat(Autocast.current()).isNull();
            }
            assertThat(Autocast.current()).isEqualTo(LowPrecision.FLOAT16);
            Tensor af = Tensor.of(new float[] {1.00390625f, 2}, 1, 2);
            Tensor bf = Tensor.of(new float[] {1, 1}, 2, 1);
            assertThat(af.matmul(bf).item()).isEqualTo(3.00390625); // float16 holds 1 + 2^-8
            try (Scope _ = Autocast.enable(LowPrecision.BFLOAT16)) {
                assertThat(af.matmul(bf).item()).isEqualTo(3.0);
            }
        }
        assertThatThrownBy(() -> Autocast.enable(null)).hasMessageContaining("Autocast.enable");
        assertThatThrownBy(() -> Autocast.round(Tensor.of(1L), LowPrecision.BFLOAT16))
                .hasMessageContaining("Autocast.round");
    }
}
