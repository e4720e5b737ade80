package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.array.internal.Check;
import org.backprop4j.tensor.Tensor;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), as PyTorch's
 * {@code torch.optim.Adam}, with AMSGrad (Reddi et al., "On the Convergence of Adam and Beyond", ICLR 2018). Per
 * parameter, with {@code t} counting its updates:
 *
 * <pre>
 * g = grad (negated when maximizing) + weightDecay * p
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g          (vMax = max(vMax, v) with AMSGrad, used in place of v)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Weight decay here is L2 regularization added to the gradient; {@link AdamW} decouples it.
 *
 * <pre>{@code
 * Adam adam = new Adam(model.parameters(), Adam.Options.DEFAULT.withLr(3e-4).withAmsgrad(true));
 * }</pre>
 */
public final class Adam extends Optimizer<Adam.Options, AdamState> {

    /**
     * Adam's settings, with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, no
     * AMSGrad, minimizing.
     *
     * @throws IllegalArgumentException if lr, eps or weightDecay is negative or not finite, or a beta is outside
     *         [0, 1)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize) implements Hyperparameters<Options>, HasMomentum<Options> {

        public static final Options DEFAULT = new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);

        public Options {
            Check.nonNegative("Adam", "lr", lr);
            Check.unitInterval("Adam", "beta1", beta1);
            Check.unitInterval("Adam", "beta2", beta2);
            Check.nonNegative("Adam", "eps", eps);
            Check.nonNegative("Adam", "weightDecay", weightDecay);
        }

        @Override
        public Options withLr(double value) {
            return new Options(value, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad, maximize);
        }

        public Options withEps(double value) {
            return new Options(lr, beta1, beta2, value, weightDecay, amsgrad, maximize);
        }

        public Options withWeightDecay(double value) {
            return new Options(lr, beta1, beta2, eps, value, amsgrad, maximize);
        }

        public Options withAmsgrad(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, value, maximize);
        }

        /** Ascends the objective instead of descending it. */
        public Options withMaximize(boolean value) {
            return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, value);
        }

        /** beta1. */
        @Override
        public double momentum() {
            return beta1;
        }

        /** Sets beta1. */
        @Override
        public Options withMomentum(double value) {
            return withBetas(value, beta2);
        }
    }

    /** Adam with the default settings but learning rate {@code lr}. */
    public Adam(List<? extends Tensor> params, double lr) {
        this(params, Options.DEFAULT.withLr(lr));
    }

    public Adam(List<? extends Tensor> params, Options options) {
        super(params, options);
    }

    @Override
    protected AdamState update(Tensor param, Tensor grad, Options o, AdamState state) {
        return advance(param, grad, state, o.lr(), o.beta1(), o.beta2(), o.eps(), o.amsgrad(), o.maximize(),
                o.weightDecay(), 1);
    }

    @Override
    protected Map<String, Object> encodeOptions(Options o) {
        return encodeOptions(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.amsgrad(), o.maximize());
    }

    @Override
    protected Options decodeOptions(StateEntries e) {
        return decodeOptions(e, Options::new);
    }

    /**
     * One update shared with {@link AdamW}: {@code l2} adds weight decay to the gradient (Adam), {@code decay}
     * scales the parameter before the update (AdamW's {@code 1 - lr * weightDecay}). Returns the advanced state.
     */
    static AdamState advance(Tensor param, Tensor grad, AdamState state, double lr, double beta1, double beta2,
            double eps, boolean amsgrad, boolean maximize, double l2, double decay) {
        AdamState s = state != null ? state : AdamKernels.zeroState(param, amsgrad);
        if (amsgrad && s.maxExpAvgSq() == null) {
            s = new AdamState(s.step(), s.expAvg(), s.expAvgSq(), Tensor.zerosLike(param));
        }
        long step = s.step() + 1;
        AdamKernels.step(param, grad, s.expAvg(), s.expAvgSq(), amsgrad ? s.maxExpAvgSq() : null, lr, beta1, beta2,
                eps, l2, decay, maximize, step);
        return new AdamState(step, s.expAvg(), s.expAvgSq(), s.maxExpAvgSq());
    }

    /** The settings both Adam variants share, under PyTorch's keys. */
    static Map<String, Object> encodeOptions(double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad, boolean maximize) {
        return StateEntries.of("lr", lr, "betas", List.of(beta1, beta2), "eps", eps, "weight_decay", weightDecay,
                "amsgrad", amsgrad, "maximize", maximize);
    }

    /** Builds either variant's options from those keys. */
    @FunctionalInterface
    interface Settings<O> {
        O of(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                boolean maximize);
    }

    static <O> O decodeOptions(StateEntries e, Settings<O> settings) {
        e.rejectUnknown(List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"));
        List<Double> betas = e.getDoubles("betas", 2);
        return settings.of(e.getDouble("lr"), betas.get(0), betas.get(1), e.getDouble("eps"),
                e.getDouble("weight_decay"), e.getBoolean("amsgrad"), e.getBoolean("maximize"));
    }

    @Override
    protected Map<String, Object> encodeState(AdamState s) {
        return encode(s);
    }

    @Override
    protected AdamState decodeState(Tensor param, StateEntries e) {
        return decode(param, e);
    }

    static Map<String, Object> encode(AdamState s) {
        Map<String, Object> out = StateEntries.of("step", s.step(), "exp_avg", StateEntries.snapshot(s.expAvg()),
                "exp_avg_sq", StateEntries.snapshot(s.expAvgSq()));
        if (s.maxExpAvgSq() != null) {
            out.put("max_exp_avg_sq", StateEntries.snapshot(s.maxExpAvgSq()));
        }
        return out;
    }

    static AdamState decode(Tensor param, StateEntries e) {
        e.rejectUnknown(List.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"));
        long step = e.getLong("step");
        if (step < 0) {
            throw e.error("'step' is " + step + ", expected a count >= 0");
        }
        return new AdamState(step, e.getTensor("exp_avg", param.shape(), param.dtype()),
                e.getTensor("exp_avg_sq", param.shape(), param.dtype()),
                e.has("max_exp_avg_sq") ? e.getTensor("max_exp_avg_sq", param.shape(), param.dtype()) : null);
    }
}
