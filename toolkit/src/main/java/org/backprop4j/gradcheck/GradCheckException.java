package org.backprop4j.gradcheck;

/** An analytical gradient disagreed with the finite-difference one; the message names where and by how much. */
public final class GradCheckException extends AssertionError {
    private final GradCheckReport report;

    GradCheckException(GradCheckReport report) {
        super(report.describe());
        this.report = report;
    }

    public GradCheckReport report() {
        return report;
    }
}
