/** The {@link org.backprop4j.backend.Backend} interface for heavy kernels (GEMM) and its pure-Java implementation. */
package org.backprop4j.backend;
