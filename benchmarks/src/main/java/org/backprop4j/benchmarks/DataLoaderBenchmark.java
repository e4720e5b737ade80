package org.backprop4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.backprop4j.data.ArrowDataset;
import org.backprop4j.data.ArrowDatasetWriter;
import org.backprop4j.data.Batch;
import org.backprop4j.data.DataLoader;
import org.backprop4j.data.Datasets;
import org.backprop4j.data.ElementType;
import org.backprop4j.data.Idx;
import org.backprop4j.data.Split;
import org.backprop4j.data.Transforms;
import org.backprop4j.array.Shape;
import org.backprop4j.tensor.Tensor;

/**
 * End-to-end data benchmark on Fashion-MNIST: full passes over {@code train.arrow} (60,000 images) in batches of
 * 128 into float32 tensors, in file order and shuffled, with and without {@code Transforms.toFloat()} scaling and
 * with a prefetch thread; and the IDX (gzip) to Arrow conversion. Prints comment lines and lines
 * {@code result NAME VALUE} (median milliseconds per pass, or per conversion) for run-data.sh.
 *
 * <p>Peak heap: before each timed pass the heap pools' peak counters are reset after a GC; after the pass their
 * peaks are summed ({@link MemoryPoolMXBean#getPeakUsage()}, which counts garbage not yet collected too). The script
 * also runs this whole program with {@code -Xmx40m}, less than one uint8 copy of the images (47 MB), which shows
 * that no copy of the dataset is ever held on the heap.
 *
 * <pre>
 * java -cp benchmarks.jar org.backprop4j.benchmarks.DataLoaderBenchmark [passes|conversion|all] [reps] [idxDir]
 * </pre>
 */
public final class DataLoaderBenchmark {
    private DataLoaderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path idxDir = Path.of(args.length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist");
        if (what.equals("conversion")) {
            conversion(idxDir, reps);
            return;
        }
        System.out.println("# max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, " + reps
                + " timed passes per configuration after one warm-up pass");
        try (ArrowDataset train = Datasets.fashionMnist(Split.TRAIN)) {
            System.out.println("# " + train);
            pass("sequential", train, false, false, 0, reps);
            pass("shuffled", train, true, false, 0, reps);
            pass("sequential_tofloat", train, false, true, 0, reps);
            pass("shuffled_tofloat", train, true, true, 0, reps);
            pass("shuffled_tofloat_prefetch", train, true, true, 2, reps);
        }
        if (what.equals("all")) {
            conversion(idxDir, reps);
        }
    }

    private static void pass(String name, ArrowDataset data, boolean shuffle, boolean toFloat, int prefetch,
            int reps) {
        DataLoader.Builder b = DataLoader.builder(data).batchSize(128).shuffle(shuffle).seed(1).prefetch(prefetch);
        if (toFloat) {
            b.transform(Transforms.toFloat());
        }
        DataLoader loader = b.build();
        double[] ms = new double[reps];
        long peak = 0;
        double checksum = 0;
        for (int r = -1; r < reps; r++) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            int images = 0;
            for (Batch batch : loader) {
                images += batch.size();
                checksum += batch.features().storage().floats()[0] + batch.labels().storage().longs()[0];
            }
            long t1 = System.nanoTime();
            if (images != data.size()) {
                throw new IllegalStateException(name + ": a pass saw " + images + " images");
            }
            if (r >= 0) {
                ms[r] = (t1 - t0) / 1e6;
                peak = Math.max(peak, peakHeap());
            } else {
                System.out.printf("# %s: first pass %.1f ms (record batches loaded from the file)%n", name,
                        (t1 - t0) / 1e6);
            }
        }
        double median = median(ms);
        System.out.printf("# %s: median %.1f ms per pass (%s), %.0f images/s, peak heap %.1f MiB [checksum %.0f]%n",
                name, median, Arrays.toString(round(ms)), data.size() / (median / 1e3), peak / 1048576.0, checksum);
        System.out.printf("result %s %.2f%n", name, median);
        System.out.printf("result %s_peak_heap_mib %.1f%n", name, peak / 1048576.0);
    }

    private static void conversion(Path idxDir, int reps) throws Exception {
        Path images = idxDir.resolve("train-images-idx3-ubyte.gz");
        Path labels = idxDir.resolve("train-labels-idx1-ubyte.gz");
        if (!Files.isRegularFile(images)) {
            System.out.println("# no IDX files in " + idxDir + "; conversion not measured");
            return;
        }
        Path out = Files.createTempFile("fashion-mnist-bench", ".arrow");
        double[] readMs = new double[reps];
        double[] writeMs = new double[reps];
        for (int r = -1; r < reps; r++) {
            long t0 = System.nanoTime();
            Idx.Array x = Idx.read(images);
            Idx.Array y = Idx.read(labels);
            long t1 = System.nanoTime();
            try (ArrowDatasetWriter w = ArrowDatasetWriter.builder(out)
                    .features("image", ElementType.UINT8, Shape.of(1, 28, 28))
                    .labels("label", Datasets.FASHION_MNIST_CLASSES).open()) {
                int n = x.dims()[0];
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = y.data()[i] & 0xFF;
                }
                for (int start = 0; start < n; start += 10_000) {
                    int rows = Math.min(10_000, n - start);
                    w.write(Map.of("image", Arrays.copyOfRange(x.data(), start * 784, (start + rows) * 784), "label",
                            Tensor.of(Arrays.copyOfRange(l, start, start + rows))));
                }
                w.commit();
            }
            long t2 = System.nanoTime();
            if (r >= 0) {
                readMs[r] = (t1 - t0) / 1e6;
                writeMs[r] = (t2 - t1) / 1e6;
            }
        }
        Files.deleteIfExists(out);
        System.out.printf("# IDX -> Arrow (train): read+gunzip %.1f ms, write %.1f ms (medians of %d)%n",
                median(readMs), median(writeMs), reps);
        System.out.printf("result idx_read %.2f%n", median(readMs));
        System.out.printf("result arrow_write %.2f%n", median(writeMs));
        System.out.printf("result idx_to_arrow %.2f%n", median(readMs) + median(writeMs));
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                pools.add(p);
            }
        }
        return pools;
    }

    private static void resetPeaks() {
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : heapPools()) {
            sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i] * 10) / 10.0;
        }
        return r;
    }
}
