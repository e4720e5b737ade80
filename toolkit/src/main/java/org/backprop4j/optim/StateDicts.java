package org.backprop4j.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.backprop4j.tensor.Tensor;

/**
 * An optimizer's groups and state table to and from an {@link OptimizerStateDict}, laid out as PyTorch's: groups
 * with their settings and parameter indices, state by index, {@code initial_lr} beside a group's settings. What the
 * entries of one optimizer hold is its {@link StateCodec}'s business.
 */
final class StateDicts {
    private StateDicts() {
    }

    static <H extends Hyperparameters<H>, S> OptimizerStateDict save(String name, List<ParamGroup<H>> groups,
            Map<Tensor, S> state, StateCodec<H, S> codec) {
        List<OptimizerStateDict.Group> packed = new ArrayList<>();
        Map<Integer, Map<String, Object>> packedState = new LinkedHashMap<>();
        int index = 0;
        for (ParamGroup<H> g : groups) {
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                S s = state.get(p);
                if (s != null) {
                    packedState.put(index, codec.encodeState(s));
                }
                ids.add(index++);
            }
            Map<String, Object> options = new LinkedHashMap<>(codec.encodeOptions(g.options()));
            g.initialLr().ifPresent(lr -> options.put("initial_lr", lr));
            packed.add(new OptimizerStateDict.Group(ids, options));
        }
        return new OptimizerStateDict(name, packed, packedState);
    }

    /**
     * What {@link #load} read, for the optimizer to take over.
     *
     * @param options each group's settings
     * @param initialLrs each group's {@code initial_lr}, NaN where there is none
     * @param state per-parameter state
     */
    record Loaded<H, S>(List<H> options, double[] initialLrs, Map<Tensor, S> state) {
    }

    /**
     * Reads {@code dict} for the optimizer {@code name} with {@code groups}, changing nothing.
     *
     * @throws OptimizerStateDictException if the dict was saved by another optimizer, its groups do not match, or a
     *         value does not fit
     */
    static <H extends Hyperparameters<H>, S> Loaded<H, S> load(String name, List<ParamGroup<H>> groups,
            OptimizerStateDict dict, StateCodec<H, S> codec) {
        String where = name + ".loadStateDict";
        if (!dict.optimizer().equals(name)) {
            throw mismatch(where, "the state dict was saved by " + dict.optimizer() + ", not " + name);
        }
        if (dict.paramGroups().size() != groups.size()) {
            throw mismatch(where, "the state dict has " + dict.paramGroups().size() + " parameter groups, this "
                    + "optimizer " + groups.size());
        }
        Map<Integer, Tensor> params = new LinkedHashMap<>();
        List<H> options = new ArrayList<>();
        double[] initialLrs = new double[groups.size()];
        for (int i = 0; i < groups.size(); i++) {
            OptimizerStateDict.Group saved = dict.paramGroups().get(i);
            List<Tensor> own = groups.get(i).params();
            if (saved.params().size() != own.size()) {
                throw mismatch(where, "group " + i + " of the state dict has " + saved.params().size()
                        + " parameters, this optimizer's " + own.size());
            }
            for (int j = 0; j < own.size(); j++) {
                params.put(saved.params().get(j), own.get(j));
            }
            Map<String, Object> values = new LinkedHashMap<>(saved.options());
            Object initial = values.remove("initial_lr");
            StateEntries entries = new StateEntries(where + ": group " + i + " settings", values);
            options.add(decoded(entries, () -> codec.decodeOptions(entries)));
            if (initial != null && !(initial instanceof Double)) {
                throw entries.invalid("initial_lr", "is " + initial + ", expected a number");
            }
            initialLrs[i] = initial == null ? Double.NaN : (Double) initial;
        }
        Map<Tensor, S> state = new IdentityHashMap<>();
        for (Map.Entry<Integer, Map<String, Object>> e : dict.state().entrySet()) {
            Tensor p = params.get(e.getKey());
            if (p == null) {
                throw mismatch(where, "the state dict has state for parameter " + e.getKey()
                        + ", which is in none of its groups");
            }
            StateEntries entries = new StateEntries(where + ": state of parameter " + e.getKey()
                    + " (shape " + p.shape() + ")", e.getValue());
            state.put(p, decoded(entries, () -> codec.decodeState(p, entries)));
        }
        return new Loaded<>(options, initialLrs, state);
    }

    private static OptimizerStateDictException mismatch(String where, String problem) {
        return new OptimizerStateDictException(where, null, problem, null);
    }

    private static <T> T decoded(StateEntries entries, Supplier<T> decode) {
        try {
            return decode.get();
        } catch (OptimizerStateDictException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw entries.refused(e); // a record's own check, e.g. the settings' on a negative lr
        }
    }
}
