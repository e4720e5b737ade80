/**
 * The Jupyter kernel: {@link org.backprop4j.kernel.Main} starts it for a connection file or installs its kernel
 * spec; {@link org.backprop4j.kernel.JavaKernel} runs cells in a JShell whose snippets execute in this JVM, on an
 * interruptible worker thread, and shows their values through {@code org.backprop4j.display};
 * {@link org.backprop4j.kernel.Notebook} is what cells call to display and update outputs.
 */
package org.backprop4j.kernel;
