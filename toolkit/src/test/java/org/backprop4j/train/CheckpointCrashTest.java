package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.backprop4j.io.AtomicFiles;
import org.backprop4j.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM saves checkpoints in a loop (resuming from the latest one, keeping the last three) and is killed with
 * SIGKILL at random moments; after every kill the latest visible checkpoint loads into a trainer and every other
 * visible one verifies. The kill count is a system property ({@code -Dbackprop4j.crash.kills}, default
 * {@value #DEFAULT_KILLS}); {@code benchmarks/run-checkpoint-crash.sh} runs a longer series.
 */
class CheckpointCrashTest {
    static final int DEFAULT_KILLS = 10;

    @TempDir
    Path dir;

    @Test
    void everyVisibleCheckpointLoadsAfterAKillAtAnyMoment() throws Exception {
        int kills = Integer.getInteger("backprop4j.crash.kills", DEFAULT_KILLS);
        SplittableRandom random = new SplittableRandom(2027);
        Path runs = dir.resolve("runs");
        int verified = 0;
        long lastStep = -1;
        for (int k = 0; k < kills; k++) {
            Process p = new ProcessBuilder(CheckpointResumeTest.childJvm(Saver.class, runs.toString()))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {   // until "saving": the loop has started (a log line of the backend may come first)
                line = out.readLine();
            } while (line != null && !line.equals("saving"));
            assertThat(line).as("the child's start").isEqualTo("saving");
            Thread.sleep(50 + random.nextInt(1500));
            p.destroyForcibly();   // SIGKILL on Linux
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            List<Path> visible = Checkpoint.list(runs);
            assertThat(visible).as("after kill %d", k).isNotEmpty();
            for (Path c : visible) {
                Checkpoint.load(c);   // throws on any corruption
                verified++;
            }
            Trainer t = Fixtures.builder(Fixtures.model(0)).build();
            t.loadCheckpoint(visible.getLast());
            assertThat(t.step()).as("checkpoints only move forward").isGreaterThanOrEqualTo(lastStep);
            lastStep = t.step();
            AtomicFiles.removeLeftovers(runs);
        }
        assertThat(verified).isGreaterThanOrEqualTo(kills);
        System.out.println("CheckpointCrashTest: " + kills + " kills survived, " + verified
                + " visible checkpoints verified, last at step " + lastStep);
    }

    /** The child: resumes from the latest checkpoint (or saves the first), then saves one after every step, keeping the last three.
     * Each step is on the same batch: the loop exists to be killed while saving. */
    public static final class Saver {
        public static void main(String[] args) {
            Path runs = Path.of(args[0]);
            Trainer t = Fixtures.builder(Fixtures.model(0)).epochs(Integer.MAX_VALUE).build();
            Checkpoint.latest(runs).ifPresentOrElse(t::loadCheckpoint,
                    () -> t.saveCheckpoint(runs.resolve(String.format("step-%010d", 0))));
            System.out.println("saving");
            System.out.flush();
            org.backprop4j.data.Batch batch = Fixtures.loader(32).epoch(0).next();
            while (true) {
                t.trainStep(batch);
                t.saveCheckpoint(runs.resolve(String.format("step-%010d", t.step())));
                List<Path> all = Checkpoint.list(runs);
                for (int i = 0; i < all.size() - 3; i++) {
                    Checkpoint.delete(all.get(i));
                }
            }
        }
    }
}
