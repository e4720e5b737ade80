/**
 * Rich display of toolkit objects in notebooks and as files: the {@link org.backprop4j.display.Displayable}
 * contract and {@link org.backprop4j.display.MimeBundle}; {@link org.backprop4j.display.Display}, which renders any
 * object (tensors, XChart charts, Tablesaw tables, anything {@code Displayable}) and saves it; heatmaps and image
 * grids of tensors; {@link org.backprop4j.display.Plots} for charts; {@link org.backprop4j.display.Progress} bars.
 * Nothing here depends on the Jupyter kernel: the kernel only turns bundles into Jupyter messages.
 */
package org.backprop4j.display;
