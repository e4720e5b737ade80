package org.backprop4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * Builds {@code datasets/fashion-mnist/{train,test}.arrow} from the IDX files of Debian's
 * {@code dataset-fashion-mnist} package: verifies each file's SHA-256 against {@code SHA256SUMS} beside the
 * targets, reads and validates the IDX headers, writes images as uint8 {@code [1, 28, 28]} lists and labels as a
 * dictionary of the 10 class names (record batches of 10,000 rows), then reads every row back to compare.
 * Run by {@code datasets/fashion-mnist/build.sh}, never by the unit tests.
 *
 * <pre>
 * java ... org.backprop4j.data.FashionMnistRecipe [--if-missing] [sourceDir [targetDir]]
 * </pre>
 */
public final class FashionMnistRecipe {
    static final int ROWS_PER_BATCH = 10_000;

    private FashionMnistRecipe() {
    }

    public static void main(String[] args) throws IOException {
        boolean ifMissing = args.length > 0 && args[0].equals("--if-missing");
        int a = ifMissing ? 1 : 0;
        Path source = Path.of(args.length > a ? args[a] : "/usr/share/datasets/fashion-mnist");
        Path target = args.length > a + 1 ? Path.of(args[a + 1]) : Datasets.root().resolve("fashion-mnist");
        if (ifMissing && upToDate(target)) {
            System.out.println("Fashion-MNIST: " + target + "/{train,test}.arrow are built and valid");
            return;
        }
        Map<String, String> sums = readSums(target.resolve("SHA256SUMS"));
        for (Split split : Split.values()) {
            String prefix = split == Split.TRAIN ? "train" : "t10k";
            long t0 = System.nanoTime();
            Idx.Array images = Idx.read(verified(source, prefix + "-images-idx3-ubyte.gz", sums));
            Idx.Array labels = Idx.read(verified(source, prefix + "-labels-idx1-ubyte.gz", sums));
            Path out = target.resolve(split.fileStem() + ".arrow");
            convert(images, labels, out);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("Fashion-MNIST %s: %d images -> %s (%.1f MB) in %.2f s (checksums, IDX, Arrow, "
                    + "read-back check)%n", split.fileStem(), images.dims()[0], out, Files.size(out) / 1e6, seconds);
        }
    }

    private static boolean upToDate(Path target) {
        try (ArrowDataset train = Datasets.fashionMnist(target, Split.TRAIN);
                ArrowDataset test = Datasets.fashionMnist(target, Split.TEST)) {
            return train.size() + test.size() == 70_000;
        } catch (DataException e) {
            return false;
        }
    }

    /**
     * Writes IDX images {@code [N, 28, 28]} (ubyte) and labels {@code [N]} (ubyte, 0..9) to {@code out}, then
     * reads every row back and compares.
     *
     * @throws DataException if the IDX arrays are not Fashion-MNIST-shaped or the read-back differs
     */
    static void convert(Idx.Array images, Idx.Array labels, Path out) {
        if (images.type() != Idx.Type.UBYTE || images.dims().length != 3 || images.dims()[1] != 28
                || images.dims()[2] != 28) {
            throw new DataException(images.source(), "dimensions", "expected ubyte images [N, 28, 28], got " + images);
        }
        int n = images.dims()[0];
        if (labels.type() != Idx.Type.UBYTE || labels.dims().length != 1 || labels.dims()[0] != n) {
            throw new DataException(labels.source(), "dimensions", "expected " + n + " ubyte labels, got " + labels);
        }
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.data()[i] & 0xFF;
            if (y[i] >= 10) {
                throw new DataException(labels.source(), "label", "label " + y[i] + " at index " + i
                        + " is out of range [0, 10)");
            }
        }
        try (ArrowDatasetWriter w = ArrowDatasetWriter.builder(out)
                .features("image", ElementType.UINT8, Shape.of(1, 28, 28))
                .labels("label", Datasets.FASHION_MNIST_CLASSES)
                .metadata("source", "Fashion-MNIST (Zalando Research), from Debian's dataset-fashion-mnist package")
                .metadata("license", "MIT")
                .open()) {
            for (int start = 0; start < n; start += ROWS_PER_BATCH) {
                int rows = Math.min(ROWS_PER_BATCH, n - start);
                byte[] pixels = java.util.Arrays.copyOfRange(images.data(), start * 784, (start + rows) * 784);
                w.write(Map.of("image", pixels, "label", Tensor.of(java.util.Arrays.copyOfRange(y, start,
                        start + rows))));
            }
            w.commit();
        }
        try (ArrowDataset back = ArrowDataset.builder(out).features("image").label("label").open()) {
            for (int start = 0; start < n; start += ROWS_PER_BATCH) {
                int rows = Math.min(ROWS_PER_BATCH, n - start);
                int[] idx = java.util.stream.IntStream.range(start, start + rows).toArray();
                Batch b = back.batch(idx);
                float[] f = b.features().toFloatArray();
                long[] l = b.labels().toLongArray();
                for (int i = 0; i < rows * 784; i++) {
                    if (f[i] != (images.data()[start * 784 + i] & 0xFF)) {
                        throw new DataException(out.toString(), "image", "read-back differs at pixel " + i
                                + " of row " + start);
                    }
                }
                for (int i = 0; i < rows; i++) {
                    if (l[i] != y[start + i]) {
                        throw new DataException(out.toString(), "label", "read-back differs at row " + (start + i));
                    }
                }
            }
        }
    }

    private static Map<String, String> readSums(Path file) throws IOException {
        Map<String, String> sums = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.strip().split("\\s+\\*?");
            if (parts.length == 2) {
                sums.put(parts[1], parts[0].toLowerCase());
            }
        }
        return sums;
    }

    private static Path verified(Path dir, String name, Map<String, String> sums) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new DataException(file.toString(), null, "missing; install Debian's package: sudo apt-get install "
                    + "dataset-fashion-mnist");
        }
        String expected = sums.get(name);
        if (expected == null) {
            throw new DataException(name, "SHA256SUMS", "has no checksum for this file");
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new DataException(file.toString(), "sha256", "is " + actual + ", expected " + expected
                    + " (a different or damaged download)");
        }
        return file;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
