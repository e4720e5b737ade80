package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/**
 * {@link Adam}'s and {@link AdamW}'s settings and state in a state dict, under PyTorch 1.13's keys: those have no
 * {@code decoupled_weight_decay}, so the flag comes from the optimizer the codec is for.
 */
final class AdamCodec implements StateCodec<Adam.Options, AdamState> {
    static final AdamCodec ADAM = new AdamCodec(false);
    static final AdamCodec ADAMW = new AdamCodec(true);

    private final boolean decoupled;

    private AdamCodec(boolean decoupled) {
        this.decoupled = decoupled;
    }

    @Override
    public Map<String, Object> encodeOptions(Adam.Options o) {
        return StateEntries.of("lr", o.lr(), "betas", List.of(o.beta1(), o.beta2()), "eps", o.eps(), "weight_decay",
                o.weightDecay(), "amsgrad", o.amsgrad(), "maximize", o.maximize());
    }

    @Override
    public Adam.Options decodeOptions(StateEntries e) {
        e.rejectUnknown(List.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"));
        List<Double> betas = e.getDoubles("betas", 2);
        return new Adam.Options(e.getDouble("lr"), betas.get(0), betas.get(1), e.getDouble("eps"),
                e.getDouble("weight_decay"), e.getBoolean("amsgrad"), e.getBoolean("maximize"), decoupled);
    }

    @Override
    public Map<String, Object> encodeState(AdamState s) {
        Map<String, Object> out = StateEntries.of("step", s.step(), "exp_avg", StateEntries.snapshot(s.expAvg()),
                "exp_avg_sq", StateEntries.snapshot(s.expAvgSq()));
        if (s.maxExpAvgSq() != null) {
            out.put("max_exp_avg_sq", StateEntries.snapshot(s.maxExpAvgSq()));
        }
        return out;
    }

    @Override
    public AdamState decodeState(Tensor param, StateEntries e) {
        e.rejectUnknown(List.of("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"));
        long step = e.getLong("step");
        if (step < 0) {
            throw e.invalid("step", "is " + step + ", expected a count >= 0");
        }
        return new AdamState(step, e.getTensor("exp_avg", param.shape(), param.dtype()),
                e.getTensor("exp_avg_sq", param.shape(), param.dtype()),
                e.has("max_exp_avg_sq") ? e.getTensor("max_exp_avg_sq", param.shape(), param.dtype()) : null);
    }
}
