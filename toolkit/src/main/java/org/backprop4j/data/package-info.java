/**
 * Training data: {@link org.backprop4j.data.Dataset} (random access) and {@link org.backprop4j.data.DataLoader}
 * (seeded shuffling, batching, transforms, background prefetch); Arrow IPC files read lazily
 * ({@link org.backprop4j.data.ArrowDataset}) and written atomically ({@link org.backprop4j.data.ArrowDatasetWriter});
 * the Tablesaw bridge ({@link org.backprop4j.data.TableDataset}, {@link org.backprop4j.data.Tables}); the MNIST
 * IDX format ({@link org.backprop4j.data.Idx}); composable seeded {@link org.backprop4j.data.Transforms}; and the
 * catalog of real and generated datasets ({@link org.backprop4j.data.Datasets}). Every malformed input is reported
 * as a {@link org.backprop4j.data.DataException} naming the file or table and the field.
 */
package org.backprop4j.data;
