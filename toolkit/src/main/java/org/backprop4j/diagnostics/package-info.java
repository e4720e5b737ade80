/**
 * Gradient-health diagnostics: {@link org.backprop4j.diagnostics.GradientMonitor} records per-layer gradient and
 * weight norms, update-to-weight ratios, activation statistics and dead ReLU units after each backward pass, and
 * flags vanishing, exploding and non-finite gradients by layer. Pictures of what it records are in
 * {@code org.backprop4j.display} ({@code GradientPlots}).
 */
package org.backprop4j.diagnostics;
