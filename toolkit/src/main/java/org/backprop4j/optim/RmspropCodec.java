package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/** {@link RMSprop}'s settings and state in a state dict, under PyTorch's keys. */
final class RmspropCodec implements StateCodec<RMSprop.Options, RMSprop.State> {
    static final RmspropCodec INSTANCE = new RmspropCodec();

    private RmspropCodec() {
    }

    @Override
    public Map<String, Object> encodeOptions(RMSprop.Options o) {
        return StateEntries.of("lr", o.lr(), "alpha", o.alpha(), "eps", o.eps(), "weight_decay", o.weightDecay(),
                "momentum", o.momentum(), "centered", o.centered(), "maximize", o.maximize());
    }

    @Override
    public RMSprop.Options decodeOptions(StateEntries e) {
        e.rejectUnknown(List.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize"));
        return new RMSprop.Options(e.getDouble("lr"), e.getDouble("alpha"), e.getDouble("eps"),
                e.getDouble("weight_decay"), e.getDouble("momentum"), e.getBoolean("centered"),
                e.getBoolean("maximize"));
    }

    @Override
    public Map<String, Object> encodeState(RMSprop.State s) {
        Map<String, Object> out = StateEntries.of("step", s.step(), "square_avg",
                StateEntries.snapshot(s.squareAvg()));
        if (s.momentumBuffer() != null) {
            out.put("momentum_buffer", StateEntries.snapshot(s.momentumBuffer()));
        }
        if (s.gradAvg() != null) {
            out.put("grad_avg", StateEntries.snapshot(s.gradAvg()));
        }
        return out;
    }

    @Override
    public RMSprop.State decodeState(Tensor param, StateEntries e) {
        e.rejectUnknown(List.of("step", "square_avg", "momentum_buffer", "grad_avg"));
        return new RMSprop.State(e.getLong("step"), e.getTensor("square_avg", param.shape(), param.dtype()),
                e.has("grad_avg") ? e.getTensor("grad_avg", param.shape(), param.dtype()) : null,
                e.has("momentum_buffer") ? e.getTensor("momentum_buffer", param.shape(), param.dtype()) : null);
    }
}
