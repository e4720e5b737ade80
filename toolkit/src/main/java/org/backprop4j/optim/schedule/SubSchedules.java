package org.backprop4j.optim.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.backprop4j.optim.StateEntries;

/** The state of schedules that drive others ({@link ChainedSchedule}, {@link SequentialSchedule}): theirs, in order. */
final class SubSchedules {
    private SubSchedules() {
    }

    static void save(List<? extends LrSchedule> schedules, Map<String, Object> out) {
        List<Object> states = new ArrayList<>();
        for (LrSchedule s : schedules) {
            states.add(s.stateDict());
        }
        out.put("_schedulers", states);
    }

    @SuppressWarnings("unchecked")
    static void load(List<? extends LrSchedule> schedules, StateEntries e) {
        Object states = e.has("_schedulers") ? e.getObject("_schedulers") : null;
        if (!(states instanceof List<?> list) || list.size() != schedules.size()) {
            throw e.error("'_schedulers' must list the states of " + schedules.size() + " schedules");
        }
        for (int i = 0; i < schedules.size(); i++) {
            schedules.get(i).loadStateDict((Map<String, Object>) list.get(i));
        }
    }
}
