package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.tensor.Tensor;

/** {@link SGD}'s settings and state in a state dict, under PyTorch's keys. */
final class SgdCodec implements StateCodec<SGD.Options, SGD.State> {
    static final SgdCodec INSTANCE = new SgdCodec();

    private SgdCodec() {
    }

    @Override
    public Map<String, Object> encodeOptions(SGD.Options o) {
        return StateEntries.of("lr", o.lr(), "momentum", o.momentum(), "dampening", o.dampening(),
                "weight_decay", o.weightDecay(), "nesterov", o.nesterov(), "maximize", o.maximize());
    }

    @Override
    public SGD.Options decodeOptions(StateEntries e) {
        e.rejectUnknown(List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"));
        return new SGD.Options(e.getDouble("lr"), e.getDouble("momentum"), e.getDouble("dampening"),
                e.getDouble("weight_decay"), e.getBoolean("nesterov"), e.getBoolean("maximize"));
    }

    @Override
    public Map<String, Object> encodeState(SGD.State s) {
        return s.momentumBuffer() == null ? StateEntries.of()
                : StateEntries.of("momentum_buffer", StateEntries.snapshot(s.momentumBuffer()));
    }

    @Override
    public SGD.State decodeState(Tensor param, StateEntries e) {
        e.rejectUnknown(List.of("momentum_buffer"));
        return new SGD.State(e.has("momentum_buffer") ? e.getTensor("momentum_buffer", param.shape(), param.dtype())
                : null);
    }
}
