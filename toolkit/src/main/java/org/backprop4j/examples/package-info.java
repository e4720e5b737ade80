/** Small runnable programs that show the toolkit from plain Java. */
package org.backprop4j.examples;
