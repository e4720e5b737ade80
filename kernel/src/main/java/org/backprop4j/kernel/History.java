package org.backprop4j.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/**
 * The cells run in this session, for Jupyter's history requests (tail, range, glob search). Kept in memory for the
 * life of the kernel; session number {@value #SESSION} (also reachable as 0, "this session").
 */
final class History implements HistoryManager {
    static final int SESSION = 1;

    private record Cell(int count, String input, String output) {
    }

    private final List<Cell> cells = new CopyOnWriteArrayList<>();

    void add(int count, String input, String output) {
        cells.add(new Cell(count, input, output));
    }

    @Override
    public List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        List<Cell> all = List.copyOf(cells);
        return entries(all.subList(Math.max(0, all.size() - Math.max(0, length)), all.size()), flags);
    }

    @Override
    public List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        if (session != 0 && session != SESSION) {
            return List.of();
        }
        List<Cell> picked = new ArrayList<>();
        for (Cell c : cells) {
            if (c.count >= start && (stop <= 0 || c.count < stop)) {
                picked.add(c);
            }
        }
        return entries(picked, flags);
    }

    @Override
    public List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern glob = globToRegex(pattern == null ? "*" : pattern);
        List<Cell> picked = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Cell> all = new ArrayList<>(cells);
        for (int i = all.size() - 1; i >= 0; i--) {
            Cell c = all.get(i);
            boolean matches = glob.matcher(c.input).matches();
            if (matches && (!flags.contains(ResultFlag.UNIQUE) || seen.add(c.input))) {
                picked.addFirst(c);
            }
        }
        int from = length > 0 ? Math.max(0, picked.size() - length) : 0;
        return entries(picked.subList(from, picked.size()), flags);
    }

    /** A shell glob ({@code *} any text, {@code ?} one character) as a regex over whole inputs, lines included. */
    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static List<HistoryEntry> entries(List<Cell> picked, Set<ResultFlag> flags) {
        boolean output = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        return picked.stream().map(c -> new HistoryEntry(SESSION, c.count, c.input, output ? c.output : null))
                .toList();
    }
}
