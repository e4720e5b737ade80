/**
 * Training on all cores of one machine: {@link org.backprop4j.parallel.DataParallel} runs replicas of a model on
 * shards of each batch at the same time, one thread each, and sums their gradients in a fixed order into the
 * model's, so a step is deterministic and does not depend on how the threads were scheduled. {@code Trainer} takes
 * it as an option ({@code TrainerBuilder.dataParallel}).
 */
package org.backprop4j.parallel;
