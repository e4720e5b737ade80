/** Finite-difference gradient checks of first and second order: {@link org.backprop4j.gradcheck.GradCheck}. */
package org.backprop4j.gradcheck;
