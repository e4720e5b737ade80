package org.backprop4j.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDictPartial} did (PyTorch's {@code _IncompatibleKeys}, plus what was loaded and what
 * was skipped for its shape).
 *
 * @param loaded     keys copied into the module
 * @param missing    the module's keys the state dict does not have (left as they were)
 * @param unexpected keys of the state dict the module does not have (ignored)
 * @param mismatched one line per key present on both sides whose shape or dtype differs, naming both (left as it
 *                   was), e.g. {@code fc.weight: expected shape [3, 8], got [10, 8]}
 */
public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected,
        List<String> mismatched) {
    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
    }

    /** True when every key of the module was loaded and every entry of the state dict used. */
    public boolean isComplete() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("loaded ").append(loaded.size()).append(" entries");
        if (!missing.isEmpty()) {
            sb.append("\n  missing keys: ").append(String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            sb.append("\n  unexpected keys: ").append(String.join(", ", unexpected));
        }
        for (String m : mismatched) {
            sb.append("\n  skipped ").append(m);
        }
        return sb.toString();
    }
}
