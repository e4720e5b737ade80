package org.backprop4j.optim.schedule;

import java.util.List;
import java.util.Map;

import org.backprop4j.optim.StateEntries;

/**
 * Steps several schedules of one optimizer together, each changing the learning rate the previous one set
 * (PyTorch's {@code ChainedScheduler}); for instance a warmup multiplied into an exponential decay.
 *
 * {@snippet file="OptimSnippets.java" region="chained"}
 */
public final class ChainedSchedule extends LrSchedule {
    private final List<LrSchedule> schedules;

    /** @throws IllegalArgumentException if the list is empty or the schedules belong to different optimizers */
    public ChainedSchedule(List<? extends LrSchedule> schedules) {
        super(first("ChainedSchedule", schedules).optimizer());
        for (int i = 1; i < schedules.size(); i++) {
            if (schedules.get(i).optimizer() != optimizer) {
                throw new IllegalArgumentException("ChainedSchedule: schedule " + i + " ("
                        + schedules.get(i).name() + ") belongs to another optimizer than schedule 0");
            }
        }
        this.schedules = List.copyOf(schedules);
        this.lastEpoch = schedules.get(0).lastEpoch();
        apply(currentLrs());
    }

    static LrSchedule first(String owner, List<? extends LrSchedule> schedules) {
        if (schedules == null || schedules.isEmpty()) {
            throw new IllegalArgumentException(owner + ": needs at least one schedule");
        }
        return schedules.get(0);
    }

    /** Steps every schedule, in order; each starts from the rates the previous one set. */
    @Override
    public void step() {
        lastEpoch++;
        for (LrSchedule s : schedules) {
            s.step();
        }
        apply(currentLrs());
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
