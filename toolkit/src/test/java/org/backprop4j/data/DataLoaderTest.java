package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.testing.TensorAssert.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.backprop4j.array.DType;
import org.backprop4j.array.Rng;
import org.backprop4j.array.Shape;
import org.backprop4j.array.Storage;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** Example i has features [i, -i] and label i, so batches show which examples they hold. */
    static TensorDataset numbered(int n) {
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return Dataset.of(Tensor.of(Storage.of(x), Shape.of(n, 2)), Tensor.of(y));
    }

    static List<Long> labelsOf(Iterable<Batch> batches) {
        List<Long> out = new ArrayList<>();
        for (Batch b : batches) {
            for (long v : b.labels().toLongArray()) {
                out.add(v);
            }
            for (int i = 0; i < b.size(); i++) {
                assertThat(b.features().get(i, 0)).isEqualTo(b.labels().get(i));
                assertThat(b.features().get(i, 1)).isEqualTo(-b.labels().get(i));
            }
        }
        return out;
    }

    @Test
    void batchesInOrderWithASmallerLastBatchOrDropLast() {
        DataLoader loader = DataLoader.builder(numbered(10)).batchSize(4).build();
        assertThat(loader.numBatches()).isEqualTo(3);
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : loader) {
            sizes.add(b.size());
            assertThat(b.features().shape()).isEqualTo(Shape.of(b.size(), 2));
            assertThat(b.labels().dtype()).isEqualTo(DType.INT64);
        }
        assertThat(sizes).containsExactly(4, 4, 2);
        assertThat(labelsOf(loader)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

        DataLoader dropping = DataLoader.builder(numbered(10)).batchSize(4).dropLast(true).build();
        assertThat(dropping.numBatches()).isEqualTo(2);
        assertThat(labelsOf(dropping)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void shufflingIsAPermutationReproducibleFromTheSeedAndNewEachEpoch() {
        DataLoader a = DataLoader.builder(numbered(100)).batchSize(7).shuffle(true).seed(42).build();
        DataLoader b = DataLoader.builder(numbered(100)).batchSize(7).shuffle(true).seed(42).build();
        List<Long> epoch0 = labelsOf(a);
        assertThat(epoch0).containsExactlyInAnyOrderElementsOf(labelsOf(DataLoader.builder(numbered(100)).build()));
        assertThat(epoch0).isNotEqualTo(labelsOf(DataLoader.builder(numbered(100)).batchSize(7).build()));
        assertThat(labelsOf(b)).isEqualTo(epoch0);                  // same seed, same first epoch
        List<Long> epoch1 = labelsOf(a);
        assertThat(epoch1).isNotEqualTo(epoch0);                    // the next epoch reshuffles
        assertThat(labelsOf(() -> a.epoch(1))).isEqualTo(epoch1);   // and can be replayed
        DataLoader other = DataLoader.builder(numbered(100)).batchSize(7).shuffle(true).seed(43).build();
        assertThat(labelsOf(other)).isNotEqualTo(epoch0);
        assertThat(a.order(0)).containsExactly(epoch0.stream().mapToInt(Long::intValue).toArray());
    }

    @Test
    void prefetchingGivesTheSameBatchesAsLoadingInline() {
        Transform noisy = (x, rng) -> x.add(Tensor.randn(rng, x.shape().toArray()));
        DataLoader inline = DataLoader.builder(numbered(50)).batchSize(8).shuffle(true).seed(7).transform(noisy)
                .build();
        DataLoader ahead = DataLoader.builder(numbered(50)).batchSize(8).shuffle(true).seed(7).transform(noisy)
                .prefetch(3).build();
        try (Epoch e1 = inline.epoch(2); Epoch e2 = ahead.epoch(2)) {
            while (e1.hasNext()) {
                Batch x = e1.next();
                Batch y = e2.next();
                assertThat(y.labels().toLongArray()).containsExactly(x.labels().toLongArray());
                assertThat(y.features()).isCloseTo(x.features(), 0, 0);
            }
            assertThat(e2.hasNext()).isFalse();
        }
    }

    @Test
    void augmentationsDependOnSeedEpochAndExampleButNotOnBatchSize() {
        Transform noisy = (x, rng) -> x.add(Tensor.randn(rng, x.shape().toArray()));
        DataLoader small = DataLoader.builder(numbered(12)).batchSize(2).seed(5).transform(noisy).build();
        DataLoader large = DataLoader.builder(numbered(12)).batchSize(12).seed(5).transform(noisy).build();
        Tensor fromSmall = Tensor.cat(collectFeatures(small.epoch(0)), 0);
        Tensor fromLarge = Tensor.cat(collectFeatures(large.epoch(0)), 0);
        assertThat(fromSmall).isCloseTo(fromLarge, 0, 0);
        Tensor nextEpoch = Tensor.cat(collectFeatures(large.epoch(1)), 0);
        assertThat(nextEpoch).isNotCloseTo(fromLarge, 0, 0);
    }

    private static List<Tensor> collectFeatures(Epoch epoch) {
        List<Tensor> out = new ArrayList<>();
        epoch.forEachRemaining(b -> out.add(b.features()));
        return out;
    }

    @Test
    void targetTransformsApplyToLabels() {
        DataLoader loader = DataLoader.builder(numbered(6)).batchSize(3).targetTransform(Transforms.oneHot(6)).build();
        Batch b = loader.iterator().next();
        assertThat(b.labels().shape()).isEqualTo(Shape.of(3, 6));
        assertThat(b.labels().get(2, 2)).isEqualTo(1.0);
        assertThat(b.labels().sum().item()).isEqualTo(3.0);
    }

    @Test
    void anInterruptedThreadGetsACancellationBetweenBatchesAndThePrefetchThreadStops() throws Exception {
        for (int prefetch : new int[] {0, 2}) {
            DataLoader loader = DataLoader.builder(numbered(100)).batchSize(10).prefetch(prefetch).build();
            Epoch epoch = loader.iterator();
            epoch.next();
            Thread.currentThread().interrupt();
            assertThatThrownBy(epoch::next).isInstanceOf(CancellationException.class)
                    .hasMessage("DataLoader epoch 0: interrupted after 1 of 10 batches; the epoch is closed");
            assertThat(Thread.interrupted()).as("the interrupt flag is set again").isTrue();
            assertThat(epoch.hasNext()).isFalse();
            assertThat(epoch.prefetchThreadAlive()).isFalse();
            assertThatThrownBy(epoch::next).isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("closed after 1 of 10 batches");
        }
    }

    @Test
    void anInterruptWhileWaitingForTheProducerCancelsToo() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        Dataset blocking = new Dataset() {
            @Override
            public int size() {
                return 4;
            }

            @Override
            public Sample get(int index) {
                try {
                    slow.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Sample(Tensor.of(1f), Tensor.of(0L).reshape());
            }
        };
        DataLoader loader = DataLoader.builder(blocking).batchSize(2).prefetch(1).build();
        Thread consumer = Thread.currentThread();
        // Interrupt the consumer while it waits for the first batch, then let the producer finish that batch:
        // closing waits for the batch in progress, so that no load is left running.
        Thread interrupter = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
                consumer.interrupt();
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                // fall through to release the producer
            }
            slow.countDown();
        });
        Epoch epoch = loader.iterator();
        try {
            assertThatThrownBy(epoch::next).isInstanceOf(CancellationException.class)
                    .hasMessageContaining("interrupted after 0 of 2 batches");
            assertThat(Thread.interrupted()).isTrue();
        } finally {
            slow.countDown();
            interrupter.join();
        }
        assertThat(epoch.prefetchThreadAlive()).isFalse();
    }

    @Test
    void closingAnEpochEarlyStopsItsPrefetchThread() {
        AtomicInteger loaded = new AtomicInteger();
        Dataset counting = new Dataset() {
            @Override
            public int size() {
                return 1000;
            }

            @Override
            public Sample get(int index) {
                loaded.incrementAndGet();
                return new Sample(Tensor.of((float) index), null);
            }
        };
        DataLoader loader = DataLoader.builder(counting).batchSize(10).prefetch(2).build();
        try (Epoch epoch = loader.iterator()) {
            epoch.next();
        }
        int after = loaded.get();
        assertThat(after).as("at most the batch in hand and the queue's worth were loaded").isLessThanOrEqualTo(50);
        // nothing keeps loading once closed
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(loaded.get()).isEqualTo(after);
    }

    @Test
    void aPrefetchThreadNobodyTakesFromEndsAndAResumedEpochStillGivesEveryBatch() throws Exception {
        Epoch.idleMillis = 100;
        try {
            TensorDataset data = new TensorDataset(Tensor.arange(0, 100, 1).reshape(100, 1), null, List.of());
            DataLoader loader = DataLoader.builder(data).batchSize(10).prefetch(2).build();
            Epoch epoch = loader.iterator();
            List<Double> seen = new ArrayList<>();
            seen.add(epoch.next().features().get(0, 0));   // then left alone, as a loop left with break
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (epoch.prefetchThreadAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(epoch.prefetchThreadAlive()).as("the idle prefetch thread ended without a GC").isFalse();
            while (epoch.hasNext()) {
                seen.add(epoch.next().features().get(0, 0));
            }
            assertThat(seen).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0);
        } finally {
            Epoch.idleMillis = Epoch.IDLE_MILLIS;
        }
    }

    @Test
    void anErrorOnThePrefetchThreadReachesTheCaller() {
        Dataset broken = new Dataset() {
            @Override
            public int size() {
                return 10;
            }

            @Override
            public Sample get(int index) {
                if (index == 6) {
                    throw new DataException("broken.arrow", "image", "corrupt row 6");
                }
                return new Sample(Tensor.of(1f), null);
            }
        };
        DataLoader loader = DataLoader.builder(broken).batchSize(3).prefetch(2).build();
        Epoch epoch = loader.iterator();
        epoch.next();
        epoch.next();
        assertThatThrownBy(epoch::next).isInstanceOf(DataException.class)
                .hasMessage("broken.arrow: image: corrupt row 6");
        assertThat(epoch.hasNext()).isFalse();
    }

    @Test
    void badSettingsAndMismatchedExamplesAreRefusedByName() {
        var builder = DataLoader.builder(numbered(3));
        assertThatThrownBy(() -> builder.batchSize(0)).hasMessage("DataLoader: batchSize must be at least 1, got 0");
        assertThatThrownBy(() -> builder.prefetch(-1))
                .hasMessage("DataLoader: prefetch depth must be in [0, 1024], got -1");
        assertThatThrownBy(() -> DataLoader.builder(null)).hasMessage("DataLoader: dataset must not be null");
        assertThatThrownBy(() -> Dataset.of(Tensor.zeros(3, 2), Tensor.zeros(4)))
                .isInstanceOf(DataException.class)
                .hasMessage("TensorDataset: labels: shape [4] does not match features of shape [3, 2]: both need the "
                        + "number of examples as their first dimension");
        Dataset ragged = new Dataset() {
            @Override
            public int size() {
                return 2;
            }

            @Override
            public Sample get(int index) {
                return new Sample(Tensor.zeros(index + 1), null);
            }

            @Override
            public String toString() {
                return "ragged";
            }
        };
        assertThatThrownBy(() -> DataLoader.builder(ragged).batchSize(2).build().iterator().next())
                .isInstanceOf(DataException.class)
                .hasMessageContaining("ragged: features: example 1 has float32 [2] but example 0 has float32 [1]");
    }

    @Test
    void subsetsAndTensorDatasetsGatherRows() {
        TensorDataset data = numbered(10);
        Dataset sub = data.subset(new int[] {9, 3, 3});
        assertThat(sub.size()).isEqualTo(3);
        assertThat(sub.get(0).label().item()).isEqualTo(9);
        assertThat(sub.batch(new int[] {2, 0}).labels().toLongArray()).containsExactly(3, 9);
        assertThatThrownBy(() -> data.subset(new int[] {10})).isInstanceOf(DataException.class)
                .hasMessageContaining("subset: index 10 at position 0 is outside [0, 10)");
        assertThatThrownBy(() -> data.get(10)).isInstanceOf(IndexOutOfBoundsException.class);
        Rng rng = Rng.seeded(1);
        Tensor x = Tensor.randn(rng, 5, 3).t();   // a non-contiguous view
        TensorDataset viewData = Dataset.of(x, null);
        assertThat(viewData.batch(new int[] {2}).features().toFloatArray())
                .containsExactly(x.select(0, 2).toFloatArray());
        assertThat(viewData.batch(new int[] {0, 1, 2}).features().toFloatArray()).hasSize(15);
    }

    @Test
    void anAbandonedEpochStopsItsPrefetchThreadOnceCollected() throws InterruptedException {
        DataLoader loader = DataLoader.builder(numbered(10_000)).batchSize(10).prefetch(2).build();
        Epoch epoch = loader.iterator();
        epoch.next();
        String name = epoch.prefetchThreadName();
        assertThat(name).matches("backprop4j-prefetch-\\d+-epoch-0");
        assertThat(threadsNamed(name)).isEqualTo(1);
        epoch = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (threadsNamed(name) > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(threadsNamed(name)).as("the prefetch thread of an epoch nobody references").isZero();
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .count();
    }
}
