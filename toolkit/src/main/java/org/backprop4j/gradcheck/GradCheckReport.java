package org.backprop4j.gradcheck;

import java.util.List;

/**
 * The outcome of a gradient check: how many Jacobian entries were compared, the largest error seen, and the
 * mismatches (the first ones, in order).
 *
 * @param order      1 for a gradient check, 2 for a second-order check
 * @param compared   number of Jacobian entries (or projections, in fast mode) compared
 * @param maxAbsDiff the largest {@code |analytical - numerical|}
 * @param mismatches entries outside the tolerance, at most {@link GradCheck#MAX_REPORTED}
 * @param ops        the ops in the checked graph, in the order the backward met them
 */
public record GradCheckReport(int order, long compared, double maxAbsDiff, List<Mismatch> mismatches,
        List<String> ops) {

    /**
     * One Jacobian entry that failed.
     *
     * @param input         index of the input among the function's inputs
     * @param inputElement  multi-index of the perturbed input element
     * @param output        index of the output
     * @param outputElement multi-index of the output element
     */
    public record Mismatch(int input, String inputShape, int[] inputElement, int output, int[] outputElement,
            double analytical, double numerical) {
        @Override
        public String toString() {
            return "d output " + output + java.util.Arrays.toString(outputElement) + " / d input " + input + " "
                    + inputShape + java.util.Arrays.toString(inputElement) + ": analytical " + analytical
                    + ", numerical " + numerical + " (difference " + Math.abs(analytical - numerical) + ")";
        }
    }

    public boolean passed() {
        return mismatches.isEmpty();
    }

    /** A readable summary, listing the mismatches. */
    public String describe() {
        StringBuilder sb = new StringBuilder(order == 1 ? "gradient check" : "second-order gradient check");
        sb.append(passed() ? " passed" : " failed").append(" (").append(compared).append(" entries compared, max |diff| ")
                .append(maxAbsDiff).append("; ops: ").append(String.join(", ", ops)).append(')');
        for (Mismatch m : mismatches) {
            sb.append("\n  ").append(m);
        }
        return sb.toString();
    }
}
