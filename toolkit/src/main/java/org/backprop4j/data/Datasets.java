package org.backprop4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.backprop4j.array.Shape;

/**
 * The dataset catalog: real datasets built into Arrow files, and generated ones, deterministic from a seed, for
 * tests and notebooks.
 *
 * <p>Built datasets are looked for in these folders, in this order ({@link #searchPath()}):
 * <ol>
 * <li>the system property {@code backprop4j.datasets}, when set;</li>
 * <li>the environment variable {@code BACKPROP4J_DATASETS}, when set (a notebook kernel inherits it from the
 *     environment Jupyter starts in);</li>
 * <li>the per-user data folder {@code $XDG_DATA_HOME/backprop4j/datasets}, by default
 *     {@code ~/.local/share/backprop4j/datasets}, where {@code datasets/fashion-mnist/build.sh} installs what it
 *     builds;</li>
 * <li>the repository's {@code datasets} folder: the nearest folder named {@code datasets} holding a
 *     {@code README.md} in the working directory or one of its parents.</li>
 * </ol>
 * A dataset comes from the first folder that holds it; when none does, the error lists every folder searched.
 */
public final class Datasets {
    /** Fashion-MNIST's class names, index i naming label i (Xiao, Rasul and Vollgraf, 2017). */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private Datasets() {
    }

    /** One folder datasets are looked for in, and where it came from (for messages). */
    public record Place(Path folder, String source) {
        @Override
        public String toString() {
            return folder + " (" + source + ")";
        }
    }

    /** The folders searched for built datasets, in order (see the class description). */
    public static List<Place> searchPath() {
        return searchPath(System.getProperty("backprop4j.datasets"), System.getenv("BACKPROP4J_DATASETS"),
                userFolder(System.getenv("XDG_DATA_HOME"), System.getProperty("user.home")),
                Path.of("").toAbsolutePath());
    }

    static List<Place> searchPath(String property, String environment, Path userFolder, Path workingDirectory) {
        List<Place> places = new ArrayList<>();
        if (property != null && !property.isBlank()) {
            places.add(new Place(Path.of(property), "-Dbackprop4j.datasets"));
        }
        if (environment != null && !environment.isBlank()) {
            places.add(new Place(Path.of(environment), "BACKPROP4J_DATASETS"));
        }
        places.add(new Place(userFolder, "the per-user data folder"));
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("datasets");
            if (Files.isRegularFile(candidate.resolve("README.md"))) {
                places.add(new Place(candidate, "the repository's datasets folder, found from " + workingDirectory));
                break;
            }
        }
        return places;
    }

    /** {@code $XDG_DATA_HOME/backprop4j/datasets}, else {@code ~/.local/share/backprop4j/datasets}. */
    static Path userFolder(String xdgDataHome, String home) {
        Path base = xdgDataHome != null && !xdgDataHome.isBlank() ? Path.of(xdgDataHome)
                : Path.of(home, ".local", "share");
        return base.resolve("backprop4j").resolve("datasets");
    }

    /**
     * The first folder of {@link #searchPath()} that exists.
     *
     * @throws DataException listing the folders searched, if none exists
     */
    public static Path root() {
        List<Place> places = searchPath();
        for (Place p : places) {
            if (Files.isDirectory(p.folder())) {
                return p.folder();
            }
        }
        throw new DataException("datasets", null, "no datasets folder exists; searched " + places + ". Build one with "
                + "datasets/fashion-mnist/build.sh, or set BACKPROP4J_DATASETS (or -Dbackprop4j.datasets) to one");
    }

    /**
     * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28x28 grey images of clothing in 10 classes, 60,000 for
     * training and 10,000 for testing, read from {@code fashion-mnist/{train,test}.arrow} in the first folder of
     * {@link #searchPath()} that holds it. Examples: features {@code [1, 28, 28]} float32 holding the pixel bytes
     * 0..255 (add {@link Transforms#toFloat()} for [0, 1]), label int64 in [0, 10) naming
     * {@link #FASHION_MNIST_CLASSES}. Close the dataset when done.
     *
     * @throws DataException if no folder holds the file (the message lists each folder searched and says how to
     *     build it) or the file is not the expected one
     */
    public static ArrowDataset fashionMnist(Split split) {
        return fashionMnist(searchPath(), split);
    }

    static ArrowDataset fashionMnist(List<Place> places, Split split) {
        String name = "fashion-mnist/" + split.fileStem() + ".arrow";
        List<String> searched = new ArrayList<>();
        for (Place p : places) {
            Path dir = p.folder().resolve("fashion-mnist");
            if (Files.isRegularFile(dir.resolve(split.fileStem() + ".arrow"))) {
                return fashionMnist(dir, split);
            }
            searched.add(p + ": " + (Files.isDirectory(p.folder()) ? "has no " + name : "no such folder"));
        }
        throw new DataException(name, null, "not found; searched, in order:\n  " + String.join("\n  ", searched)
                + "\nBuild it with datasets/fashion-mnist/build.sh (./run.sh and ./test.sh run it), which converts the "
                + "IDX files of Debian's package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist) "
                + "and installs the files into the per-user data folder; or point BACKPROP4J_DATASETS at a folder "
                + "holding fashion-mnist/");
    }

    /** Fashion-MNIST from {@code dir} (holding {@code train.arrow} and {@code test.arrow}). */
    static ArrowDataset fashionMnist(Path dir, Split split) {
        Path file = dir.resolve(split.fileStem() + ".arrow");
        if (!Files.isRegularFile(file)) {
            throw new DataException(file.toString(), null, "no such file. Build it with datasets/fashion-mnist/"
                    + "build.sh, which converts the IDX files of Debian's package dataset-fashion-mnist (install it "
                    + "with: sudo apt-get install dataset-fashion-mnist)");
        }
        ArrowDataset data = ArrowDataset.builder(file).features("image").label("label").open();
        int expected = split == Split.TRAIN ? 60_000 : 10_000;
        if (data.size() != expected || !data.featureShape().equals(Shape.of(1, 28, 28))
                || !data.classNames().equals(FASHION_MNIST_CLASSES)) {
            String found = data.toString();
            data.close();
            throw new DataException(file.toString(), null, "is not Fashion-MNIST " + split.fileStem() + " (expected "
                    + expected + " images [1, 28, 28] in its 10 classes, found " + found + "); rebuild it with "
                    + "datasets/fashion-mnist/build.sh");
        }
        return data;
    }

    /**
     * Two interleaved spirals (after Lang and Witbrock, 1988): example i has class {@code c = i % 2} and, for
     * {@code t} uniform in [0, 1), the point {@code r (cos a, sin a)} with {@code r = 0.1 + 0.9 t} and
     * {@code a = 3 pi t + c pi}, plus Gaussian noise of standard deviation {@code noise} on each coordinate.
     * Features {@code [n, 2]} float32, labels {@code [n]} int64.
     */
    public static TensorDataset twoSpirals(int n, double noise, long seed) {
        return Synthetic.twoSpirals(n, noise, seed);
    }

    /**
     * Two interleaving half circles (scikit-learn's {@code make_moons}, with random rather than evenly spaced
     * angles): class 0 at {@code (cos t, sin t)}, class 1 at {@code (1 - cos t, 0.5 - sin t)}, {@code t} uniform in
     * [0, pi), example i of class {@code i % 2}, plus Gaussian noise {@code noise}. Features {@code [n, 2]} float32,
     * labels {@code [n]} int64.
     */
    public static TensorDataset twoMoons(int n, double noise, long seed) {
        return Synthetic.twoMoons(n, noise, seed);
    }

    /**
     * A noisy 1-D regression: {@code x} uniform in [-pi, pi), {@code y = sin(x) + noise * N(0, 1)}, so the best
     * possible mean squared error is {@code noise^2}. Features {@code [n, 1]}, targets {@code [n, 1]}, float32.
     */
    public static TensorDataset regression(int n, double noise, long seed) {
        return Synthetic.regression(n, noise, seed);
    }

    /**
     * The adding problem as Pascanu, Mikolov and Bengio (2013) posed it (following Hochreiter and Schmidhuber,
     * 1997): a sequence of {@code length} steps of two inputs, a value uniform in [0, 1) (channel 1) and a marker
     * (channel 0) that is 1 at two positions and 0 elsewhere: the first uniform in {@code [0, floor(T/10))}, the
     * second uniform in {@code [floor(T/10), floor(T/10) + floor(4T/10))}. The target is the mean of the two marked
     * values, so predicting the constant 0.5 scores a mean squared error of 1/24 (about 0.042), the baseline a model
     * must beat. Features {@code [n, length, 2]}, targets {@code [n, 1]}, float32.
     *
     * <p>The authors' code draws each minibatch's length uniformly from {@code [T, 1.1 T)}; here every sequence has
     * exactly {@code length} steps (make datasets of several lengths for that variation).
     *
     * @throws IllegalArgumentException if {@code length < 10} or {@code n < 1}
     */
    public static TensorDataset addingProblem(int n, int length, long seed) {
        return Synthetic.addingProblem(n, length, seed);
    }

    /**
     * The temporal-order problem as Pascanu, Mikolov and Bengio (2013) posed it (after Hochreiter and Schmidhuber,
     * 1997): sequences of {@code length} one-hot symbols over 6 channels: A (0) or B (1), drawn with equal odds, at
     * one position uniform in {@code [floor(T/10), 2 floor(T/10))} and again at one uniform in
     * {@code [floor(T/2), floor(T/2) + floor(T/10))}; a distractor uniform over c, d, e, f (2..5) everywhere else.
     * The class is the order seen: {@code first + 2 * second}, named AA, BA, AB, BB, so guessing is right 25% of the
     * time (75% error). Features {@code [n, length, 6]} float32, labels {@code [n]} int64.
     *
     * @throws IllegalArgumentException if {@code length < 10} or {@code n < 1}
     */
    public static TensorDataset temporalOrder(int n, int length, long seed) {
        return Synthetic.temporalOrder(n, length, seed);
    }
}
