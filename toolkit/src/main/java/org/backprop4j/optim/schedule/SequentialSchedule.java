package org.backprop4j.optim.schedule;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.StateEntries;

/**
 * Runs schedules one after another (PyTorch's {@code SequentialLR}): schedule {@code i + 1} takes over at epoch
 * {@code milestones[i]}, restarted at its epoch 0 from the initial learning rates (through {@link
 * EpochSchedule#step(int)}, which is why it takes only those). Make the schedules on the same optimizer first; this
 * resets the learning rates and replays the first schedule's start.
 *
 * {@snippet file="OptimSnippets.java" region="sequential"}
 */
public final class SequentialSchedule extends LrSchedule {
    private final List<EpochSchedule> schedules;
    private final int[] milestones;

    /**
     * @throws IllegalArgumentException if a schedule belongs to another optimizer, or there is not exactly one
     *         milestone fewer than schedules, increasing and positive
     */
    public SequentialSchedule(Optimizer<?, ?> optimizer, List<? extends EpochSchedule> schedules, int[] milestones) {
        super(optimizer);
        ChainedSchedule.first("SequentialSchedule", schedules);
        for (int i = 0; i < schedules.size(); i++) {
            if (schedules.get(i).optimizer() != optimizer) {
                throw new IllegalArgumentException("SequentialSchedule: schedule " + i + " ("
                        + schedules.get(i).name() + ") belongs to another optimizer");
            }
        }
        if (milestones.length != schedules.size() - 1) {
            throw new IllegalArgumentException("SequentialSchedule: " + schedules.size() + " schedules need "
                    + (schedules.size() - 1) + " milestones, got " + Arrays.toString(milestones));
        }
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("SequentialSchedule: milestones must be positive and increasing, "
                        + "got " + Arrays.toString(milestones));
            }
        }
        this.schedules = List.copyOf(schedules);
        this.milestones = milestones.clone();
        lastEpoch = 0;
        for (int i = 0; i < baseLrs.length; i++) {
            optimizer.setLr(i, baseLrs[i]);
        }
        for (EpochSchedule s : schedules) {
            s.lastEpoch -= 1;
        }
        schedules.get(0).step();
        apply(schedules.get(0).lastLr());
    }

    /** Steps the schedule whose turn it is; at a milestone the next one restarts at its epoch 0. */
    @Override
    public void step() {
        lastEpoch++;
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= lastEpoch) {
            idx++;
        }
        EpochSchedule s = schedules.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch) {
            s.step(0);
        } else {
            s.step();
        }
        apply(s.lastLr());
    }

    @Override
    protected void saveExtra(Map<String, Object> out) {
        SubSchedules.save(schedules, out);
    }

    @Override
    protected void loadExtra(StateEntries e) {
        SubSchedules.load(schedules, e);
    }
}
