package org.backprop4j.backend;

/**
 * Run in a child JVM by {@link BackendSelectionTest}: selects the backend as the toolkit does, prints its info,
 * and checks one small product on it.
 */
public final class BackendProbe {
    private BackendProbe() {
    }

    public static void main(String[] args) {
        Backend backend = Backend.current();
        float[] c = new float[4];
        backend.sgemm(false, false, 2, 2, 3, 1f, new float[] {1, 2, 3, 4, 5, 6}, 0, 3, new float[] {1, 0, 0, 1, 1, 1},
                0, 2, 0f, c, 0, 2);
        System.out.println("probe: " + backend.name() + " " + java.util.Arrays.toString(c) + " " + backend.info());
    }
}
