/**
 * The examples of the toolkit's Javadoc: each {@code {@snippet file=... region=...}} in the main sources shows a
 * region of a test here, so every example compiles and runs, and the test checks that it does what its text says.
 * The Javadoc build reads this folder as its snippet path.
 */
package org.backprop4j.snippets;
