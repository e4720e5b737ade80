package org.backprop4j.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;

/**
 * Whether the real Fashion-MNIST files, which datasets/fashion-mnist/build.sh makes from Debian's package, are there
 * for tests that read them. ./test.sh builds them first and then sets BACKPROP4J_REQUIRE_DATASETS=1, so there such
 * a test must run; elsewhere (an IDE, a machine without the package) it is skipped when the files are absent.
 */
public final class FashionMnistFiles {
    private FashionMnistFiles() {
    }

    /** Skips the calling test when the files are absent and not required; true when they are present. */
    public static boolean require() {
        boolean present = Datasets.searchPath().stream().map(p -> p.folder().resolve("fashion-mnist"))
                .anyMatch(dir -> Files.isRegularFile(dir.resolve("train.arrow"))
                        && Files.isRegularFile(dir.resolve("test.arrow")));
        assumeTrue(present || "1".equals(System.getenv("BACKPROP4J_REQUIRE_DATASETS")),
                "datasets/fashion-mnist/*.arrow not built (run datasets/fashion-mnist/build.sh)");
        return present;
    }
}
