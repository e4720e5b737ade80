package org.backprop4j.nn;

import java.util.List;

/** A state dict that does not fit a module; every problem is listed at once, and nothing was loaded. */
public final class StateDictException extends IllegalArgumentException {
    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> mismatched;

    StateDictException(String module, List<String> missing, List<String> unexpected, List<String> mismatched) {
        super(message(module, missing, unexpected, mismatched));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.mismatched = List.copyOf(mismatched);
    }

    private static String message(String module, List<String> missing, List<String> unexpected,
            List<String> mismatched) {
        StringBuilder sb = new StringBuilder("loadStateDict: the state dict does not fit ").append(module)
                .append("; nothing was loaded.");
        if (!missing.isEmpty()) {
            sb.append("\n  missing keys: ").append(String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            sb.append("\n  unexpected keys: ").append(String.join(", ", unexpected));
        }
        for (String m : mismatched) {
            sb.append("\n  ").append(m);
        }
        return sb.toString();
    }

    public List<String> missingKeys() {
        return missing;
    }

    public List<String> unexpectedKeys() {
        return unexpected;
    }

    /** One line per key whose shape or dtype differs, naming both. */
    public List<String> mismatches() {
        return mismatched;
    }
}
