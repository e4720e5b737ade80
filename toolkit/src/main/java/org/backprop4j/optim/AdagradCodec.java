package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/** {@link Adagrad}'s settings and state in a state dict, under PyTorch's keys. */
final class AdagradCodec implements StateCodec<Adagrad.Options, Adagrad.State> {
    static final AdagradCodec INSTANCE = new AdagradCodec();

    private AdagradCodec() {
    }

    @Override
    public Map<String, Object> encodeOptions(Adagrad.Options o) {
        return StateEntries.of("lr", o.lr(), "lr_decay", o.lrDecay(), "weight_decay", o.weightDecay(),
                "initial_accumulator_value", o.initialAccumulatorValue(), "eps", o.eps(), "maximize", o.maximize());
    }

    @Override
    public Adagrad.Options decodeOptions(StateEntries e) {
        e.rejectUnknown(List.of("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"));
        return new Adagrad.Options(e.getDouble("lr"), e.getDouble("lr_decay"), e.getDouble("weight_decay"),
                e.getDouble("initial_accumulator_value"), e.getDouble("eps"), e.getBoolean("maximize"));
    }

    @Override
    public Map<String, Object> encodeState(Adagrad.State s) {
        return StateEntries.of("step", s.step(), "sum", StateEntries.snapshot(s.sum()));
    }

    @Override
    public Adagrad.State decodeState(Tensor param, StateEntries e) {
        e.rejectUnknown(List.of("step", "sum"));
        return new Adagrad.State(e.getLong("step"), e.getTensor("sum", param.shape(), param.dtype()));
    }
}
