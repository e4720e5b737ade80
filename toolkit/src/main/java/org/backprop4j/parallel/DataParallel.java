package org.backprop4j.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

import org.backprop4j.array.Rng;
import org.backprop4j.array.Scope;
import org.backprop4j.array.internal.ScopedGlobalRng;
import org.backprop4j.autograd.GradMode;
import org.backprop4j.backend.Threads;
import org.backprop4j.backend.internal.Workers;
import org.backprop4j.data.Batch;
import org.backprop4j.nn.Module;
import org.backprop4j.tensor.Tensor;

/**
 * Data-parallel training on the cores of one machine (PyTorch's {@code DistributedDataParallel}, in one process):
 * a batch is cut into {@link #shards()} contiguous shards, {@link #replicas()} copies of the model (the model itself
 * is replica 0) each run forward and backward on theirs at the same time, one thread each, and the shards'
 * gradients are summed in shard order into the model's {@code grad()}, ready for one optimizer step.
 *
 * <p>Guarantees. The summed gradient is the gradient of the mean loss over the whole batch: each shard's loss is
 * weighted by its share of the examples, as in gradient accumulation. It differs from one backward pass over the
 * whole batch by float rounding only (the sums over examples are split and added in another order). For a fixed
 * shard count it is the same bit for bit for any number of replicas and any scheduling of the threads: every shard
 * is computed alone, with its own generator, and the sum runs over the shards in order. By default there are as
 * many shards as replicas, the fastest choice; fix {@code shards} to get the same bits on 1, 2 or 4 cores.
 *
 * <p>Replicas. The model's parameters are copied into replicas 1..N-1 at the start of every call (they are the
 * model's {@code final} fields, so a replica cannot point at the model's; and each needs a {@code grad()} of its
 * own). Every shard starts from the model's buffers as they were at the call (BatchNorm's running statistics);
 * afterwards the model keeps the buffers its own first shard, shard 0, produced, as DDP broadcasts rank 0's.
 * {@code Rng.global()} is, inside each shard, a generator split from the global one for that shard (so dropout
 * masks depend on the shard, never on the thread); a module with a generator of its own draws from its replica's.
 * Forward hooks on the model see shard 0 only. The loss function is called from several threads at once (the
 * toolkit's losses allow that).
 *
 * <p>Threads. Replica r runs on the pool of {@link Threads}, part 0 on the calling thread, inside
 * {@code Workers.runSingleThreaded}: the Java kernels do not split their work there and OpenBLAS, whose thread
 * count is one setting for the whole process, is set to one thread while the replicas run, so N replicas keep N
 * cores busy, not N squared. With one replica nothing is confined: it is plain training with all threads.
 *
 * {@snippet file="ParallelSnippets.java" region="data-parallel"}
 */
public final class DataParallel {
    private final Module model;
    private final int shards;
    private final List<Replica> replicas;

    private DataParallel(Module model, List<Replica> replicas, int shards) {
        this.model = model;
        this.replicas = replicas;
        this.shards = shards;
    }

    /** {@link Threads#get()} replicas of {@code model}, one shard each. */
    public static DataParallel of(Module model, Supplier<? extends Module> factory) {
        return of(model, factory, Threads.get());
    }

    /** {@code replicas} replicas of {@code model}, one shard each. */
    public static DataParallel of(Module model, Supplier<? extends Module> factory, int replicas) {
        return of(model, factory, replicas, replicas);
    }

    /**
     * {@code replicas} replicas of {@code model}: the model itself and {@code replicas - 1} models that
     * {@code factory} builds (the same structure, new layers each call; their initial weights do not matter and
     * building them draws nothing from {@code Rng.global()}). Each batch is cut into {@code shards} shards, replica
     * r taking shards {@code r * shards / replicas} up to {@code (r + 1) * shards / replicas}.
     *
     * @throws IllegalArgumentException if {@code replicas < 1} or {@code shards < replicas}, or a built model
     *     differs from {@code model} (a parameter, buffer or layer named), or shares a parameter or buffer with it
     */
    public static DataParallel of(Module model, Supplier<? extends Module> factory, int replicas, int shards) {
        Objects.requireNonNull(model, "DataParallel: model");
        Objects.requireNonNull(factory, "DataParallel: factory");
        if (replicas < 1 || shards < replicas) {
            throw new IllegalArgumentException("DataParallel: expected replicas >= 1 and shards >= replicas, got "
                    + replicas + " replicas and " + shards + " shards");
        }
        Replica master = Replica.of(model);
        List<Replica> all = new ArrayList<>(List.of(master));
        for (int r = 1; r < replicas; r++) {
            Module[] built = new Module[1];
            ScopedGlobalRng.run(Rng.seeded(r), () -> built[0] = factory.get());   // leaves the real stream alone
            if (built[0] == null) {
                throw new IllegalArgumentException("DataParallel: the factory returned null for replica " + r);
            }
            Replica copy = Replica.of(built[0]);
            copy.checkMatches(master, r);
            for (int e = 0; e < all.size(); e++) {
                copy.checkShares(all.get(e), r, e);
            }
            all.add(copy);
        }
        return new DataParallel(model, List.copyOf(all), shards);
    }

    /** The model: replica 0, whose parameters receive the summed gradients. */
    public Module model() {
        return model;
    }

    public int replicas() {
        return replicas.size();
    }

    /** Into how many shards each batch is cut; at least {@link #replicas()}. */
    public int shards() {
        return shards;
    }

    /**
     * One shard's part of a call.
     *
     * @param microBatch which of the call's micro-batches it is from
     * @param index its number within that micro-batch, {@code 0..shards-1}
     * @param from its first example in the micro-batch
     * @param to one past its last example
     * @param loss its mean loss
     * @param output the model's output on it, detached
     * @param labels its labels
     */
    public record Shard(int microBatch, int index, int from, int to, double loss, Tensor output, Tensor labels) {
        /** The number of examples. */
        public int size() {
            return to - from;
        }
    }

    /**
     * What a call computed, shard by shard in order (micro-batch by micro-batch).
     *
     * @param shards every shard's part
     */
    public record Result(List<Shard> shards) {
        public Result {
            shards = List.copyOf(shards);
        }

        /** The number of examples in all. */
        public int examples() {
            return shards.stream().mapToInt(Shard::size).sum();
        }

        /** The mean loss over all examples (each shard's weighted by its size). */
        public double loss() {
            double sum = 0;
            for (Shard s : shards) {
                sum += s.loss() * s.size();
            }
            return sum / examples();
        }
    }

    /**
     * Runs forward and backward on every shard of {@code microBatches} and adds the gradient of the mean loss over
     * all their examples into the model's {@code grad()} (call {@code zeroGrad()} before, as before
     * {@code backward()}). The micro-batches are done one after another, each cut into {@link #shards()} shards.
     * The model's buffers end as its shard 0 of each micro-batch left them. On failure the gradients are as before
     * the call.
     *
     * @param loss {@code loss(output, labels)}: the mean loss of a shard
     * @throws IllegalArgumentException if there are no micro-batches, one has no labels, or one has fewer examples
     *     than there are shards
     */
    public Result forwardBackward(List<Batch> microBatches, BinaryOperator<Tensor> loss) {
        Objects.requireNonNull(loss, "DataParallel.forwardBackward: loss");
        if (microBatches == null || microBatches.isEmpty()) {
            throw new IllegalArgumentException("DataParallel.forwardBackward: no batches");
        }
        int total = 0;
        for (int i = 0; i < microBatches.size(); i++) {
            checkBatch(microBatches.get(i), i);
            total += microBatches.get(i).size();
        }
        List<Shard> out = new ArrayList<>(microBatches.size() * shards);
        for (int i = 0; i < microBatches.size(); i++) {
            out.addAll(pass(microBatches.get(i), i, total, loss));
        }
        return new Result(out);
    }

    private void checkBatch(Batch b, int index) {
        if (b == null || b.labels() == null) {
            throw new IllegalArgumentException("DataParallel.forwardBackward: micro-batch " + index
                    + (b == null ? " is null" : " has no labels; the loss needs targets"));
        }
        if (b.size() < shards) {
            throw new IllegalArgumentException("DataParallel.forwardBackward: micro-batch " + index + " has "
                    + b.size() + " examples, fewer than the " + shards + " shards (" + replicas()
                    + " replicas); every shard needs one at least: use batches of " + shards + " or more (a loader "
                    + "whose last batch may be smaller: dropLast(true)), or fewer replicas");
        }
    }

    /** One micro-batch: its shards on the replicas, then the fixed-order sum into the model's gradients. */
    private List<Shard> pass(Batch batch, int microBatch, int total, BinaryOperator<Tensor> loss) {
        Replica master = replicas.get(0);
        Rng[] rngs = new Rng[shards];
        for (int s = 0; s < shards; s++) {
            rngs[s] = Rng.global().split();
        }
        Tensor[] startBuffers = master.snapshotBuffers();
        Tensor[] earlier = master.takeGradients();
        Tensor[][] grads = new Tensor[shards][];
        Shard[] done = new Shard[shards];
        Work work = new Work(batch, microBatch, total, loss, rngs, startBuffers, grads, done);
        boolean ok = false;
        try {
            int n = replicas.size();
            if (n == 1) {
                run(0, work);
            } else {
                Workers.run(n, r -> Workers.runSingleThreaded(() -> run(r, work)));
            }
            GradientSum.into(master.parameters(), earlier, grads);
            ok = true;
        } finally {
            for (Replica r : replicas.subList(1, replicas.size())) {
                r.clearGradients();
            }
            if (!ok) {
                master.restoreGradients(earlier);
            }
        }
        return Arrays.asList(done);
    }

    /** Everything the replicas of one pass share; each writes only its own shards' slots. */
    private record Work(Batch batch, int microBatch, int total, BinaryOperator<Tensor> loss, Rng[] rngs,
            Tensor[] startBuffers, Tensor[][] grads, Shard[] done) {
    }

    private void run(int r, Work w) {
        Replica replica = replicas.get(r);
        Replica master = replicas.get(0);
        int first = (int) ((long) r * shards / replicas.size());
        int end = (int) ((long) (r + 1) * shards / replicas.size());
        try (Scope _ = GradMode.enableGrad()) {
            if (r > 0) {
                replica.syncFrom(master);
            }
            Tensor[] afterShardZero = null;
            for (int s = first; s < end; s++) {
                if (r == 0 && s == 1) {
                    afterShardZero = replica.snapshotBuffers();
                }
                if (r > 0 || s > 0) {
                    replica.loadBuffers(w.startBuffers());
                }
                w.done()[s] = shard(replica, w, s);
                w.grads()[s] = replica.takeGradients();
            }
            if (afterShardZero != null) {
                replica.loadBuffers(afterShardZero);
            }
        }
    }

    private Shard shard(Replica replica, Work w, int s) {
        int n = w.batch().size();
        int from = (int) ((long) s * n / shards);
        int to = (int) ((long) (s + 1) * n / shards);
        Tensor x = w.batch().features().slice(0, from, to);
        Tensor y = w.batch().labels().slice(0, from, to);
        Tensor[] output = new Tensor[1];
        double[] value = new double[1];
        ScopedGlobalRng.run(w.rngs()[s], () -> {
            output[0] = replica.module().call(x);
            Tensor l = w.loss().apply(output[0], y);
            value[0] = l.item();
            double share = (double) (to - from) / w.total();
            (share == 1 ? l : l.mul(share)).backward();
        });
        return new Shard(w.microBatch(), s, from, to, value[0], output[0].detach(), y);
    }

    @Override
    public String toString() {
        return "DataParallel(replicas=" + replicas.size() + ", shards=" + shards + ", model="
                + model.getClass().getSimpleName() + ")";
    }
}
