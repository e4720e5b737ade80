/**
 * Small runnable programs that show the toolkit from plain Java ({@code scripts/run-example.sh NAME}):
 * {@code TinyMlpDemo} (run.sh's demo) and one per advanced technique, whose static methods a notebook can call:
 * {@code CheckpointDemo} (gradient checkpointing), {@code AdversarialDemo} (FGSM, PGD, adversarial training),
 * {@code MamlDemo} (MAML on sine waves), {@code FineTuningDemo} (transfer learning) and {@code BinaryConnectDemo}
 * (a straight-through estimator).
 */
package org.backprop4j.examples;
