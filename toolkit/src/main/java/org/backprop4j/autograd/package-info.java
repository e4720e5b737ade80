/**
 * Reverse-mode automatic differentiation: graph {@link org.backprop4j.autograd.Node}s recorded by
 * {@link org.backprop4j.autograd.Graph#record}, the backward engine behind {@code Tensor.backward()} and
 * {@link org.backprop4j.autograd.Autograd#grad}, no-grad scopes ({@link org.backprop4j.autograd.GradMode}),
 * {@link org.backprop4j.autograd.AnomalyMode}, gradient hooks, {@link org.backprop4j.autograd.CustomFunction}s and
 * gradient checkpointing ({@link org.backprop4j.autograd.GradientCheckpoint}).
 */
package org.backprop4j.autograd;
