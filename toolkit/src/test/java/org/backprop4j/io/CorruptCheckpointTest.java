package org.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.backprop4j.array.Rng;
import org.backprop4j.nn.Linear;
import org.backprop4j.nn.MSELoss;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.SGD;
import org.backprop4j.optim.schedule.StepLR;
import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated corrupt checkpoints: bit flips, truncations, appended bytes and text edits of any of its files
 * (safetensors headers and data, the JSON files, the manifest and its checksum), and missing files. Every one ends
 * in a {@link CheckpointException} naming a file of the checkpoint: the manifest's checksums make each change
 * detectable, so none loads and none fails otherwise.
 */
class CorruptCheckpointTest {
    private static final int CASES = 1200;

    @TempDir
    Path dir;

    private Linear model;
    private Adam adam;
    private StepLR schedule;

    private Path valid() {
        model = new Linear(3, 2);
        model.resetParameters(Rng.seeded(1));
        adam = new Adam(model.parameters(), 0.01);
        schedule = new StepLR(adam, 2, 0.5);
        for (int i = 0; i < 3; i++) {
            adam.zeroGrad();
            new MSELoss().forward(model.call(Tensor.randn(Rng.seeded(i), 4, 3)), Tensor.zeros(4, 2)).backward();
            adam.step();
            schedule.step();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("history", Map.of("loss", List.of(0.5, 0.25, Double.NaN)));
        Path c = dir.resolve("valid");
        Checkpoint.save(c, model, adam, schedule, new TrainingState(3, 0, 3, Map.of("global", Rng.seeded(3).state()),
                values));
        return c;
    }

    @Test
    void everyCorruptionOfAnyFileEndsInACheckpointExceptionNamingIt() throws IOException {
        Path good = valid();
        Checkpoint.load(good).restore(model, adam, schedule);   // the original loads
        List<String> names = new ArrayList<>();
        try (var files = Files.list(good)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.sort(null);
        assertThat(names).containsExactly("manifest.json", "manifest.sha256", "model.safetensors", "optimizer.json",
                "optimizer.safetensors", "schedule.json", "trainer.json");
        Map<String, byte[]> original = new LinkedHashMap<>();
        for (String n : names) {
            original.put(n, Files.readAllBytes(good.resolve(n)));
        }
        SplittableRandom random = new SplittableRandom(2026);
        Map<String, Integer> byKind = new LinkedHashMap<>();
        for (int i = 0; i < CASES; i++) {
            String name = names.get(random.nextInt(names.size()));
            byte[] b = original.get(name).clone();
            String kind;
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    kind = "bit flips";
                    for (int k = 1 + random.nextInt(3); k > 0; k--) {
                        int at = random.nextInt(b.length);
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> {
                    kind = "truncation";
                    b = Arrays.copyOf(b, random.nextInt(b.length));
                }
                case 3 -> {
                    kind = "appended bytes";
                    b = Arrays.copyOf(b, b.length + 1 + random.nextInt(16));
                }
                case 4 -> {
                    kind = "text edit";   // of a JSON file or a safetensors header, as text
                    String text = new String(b, StandardCharsets.ISO_8859_1);
                    int at = random.nextInt(Math.min(text.length(), name.endsWith(".safetensors") ? 200 : text.length()));
                    String[] edits = {"", "9", "-1", "\"x\"", "99999999999999999999", "{", "]", "NaN", "\u00e9"};
                    String edit = edits[random.nextInt(edits.length)];
                    text = text.substring(0, at) + edit + text.substring(Math.min(text.length(), at + 1));
                    b = text.getBytes(StandardCharsets.ISO_8859_1);
                    if (Arrays.equals(b, original.get(name))) {
                        b = Arrays.copyOf(b, b.length + 1);
                    }
                }
                default -> {
                    kind = "missing file";
                    b = null;
                }
            }
            Path c = dir.resolve("case-" + i);
            Files.createDirectory(c);
            for (String n : names) {
                if (!n.equals(name)) {
                    Files.write(c.resolve(n), original.get(n));
                } else if (b != null) {
                    Files.write(c.resolve(n), b);
                }
            }
            String what = "case " + i + " (" + kind + " of " + name + ")";
            assertThatThrownBy(() -> Checkpoint.load(c)).as(what).isInstanceOf(CheckpointException.class)
                    .satisfies(e -> assertThat(((CheckpointException) e).file().getParent()).as(what).isEqualTo(c));
            byKind.merge(kind, 1, Integer::sum);
            AtomicFiles.deleteTree(c);
        }
        assertThat(byKind.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CASES);
        System.out.println("CorruptCheckpointTest: " + CASES + " corrupt checkpoints refused: " + byKind);
    }

    /** Bad content under a manifest that vouches for it: the readers' own checks name the file and the tensor. */
    @Test
    void contentThatPassesTheChecksumsIsStillCheckedAndNamed() throws IOException {
        Path good = valid();
        Path c = dir.resolve("resigned");
        Files.createDirectory(c);
        try (var files = Files.list(good)) {
            for (Path f : files.toList()) {
                Files.copy(f, c.resolve(f.getFileName()));
            }
        }
        byte[] m = Files.readAllBytes(c.resolve("model.safetensors"));
        Files.write(c.resolve("model.safetensors"), Arrays.copyOf(m, m.length - 4));
        resign(c);
        assertThatThrownBy(() -> Checkpoint.load(c)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(c.resolve("model.safetensors") + ": ").hasMessageContaining("tensor 'weight'");

        Files.write(c.resolve("model.safetensors"), m);
        String opt = Files.readString(c.resolve("optimizer.json")).replace("\"Adam\"", "\"SGD\"");
        Files.writeString(c.resolve("optimizer.json"), opt);
        resign(c);
        Checkpoint loaded = Checkpoint.load(c);
        assertThatThrownBy(() -> loaded.restore(model, adam, schedule)).isInstanceOf(CheckpointException.class)
                .hasMessage(c.resolve("optimizer.json") + ": holds the state of SGD, not of the Adam it is loaded into");
        Linear other = new Linear(3, 2, false);
        assertThatThrownBy(() -> Checkpoint.load(good).restore(other, new SGD(other.parameters(), 0.1), null))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(good.resolve("model.safetensors") + ": does not fit Linear: tensor 'bias' is not in the "
                        + "model");
        assertThatThrownBy(() -> Checkpoint.load(dir.resolve("nowhere"))).isInstanceOf(CheckpointException.class)
                .hasMessage(dir.resolve("nowhere") + ": is not a checkpoint directory");
    }

    /** Rewrites the manifest and its checksum for the files as they are now. */
    private static void resign(Path c) throws IOException {
        Files.delete(c.resolve("manifest.json"));
        Files.delete(c.resolve("manifest.sha256"));
        CheckpointManifest.write(c, Map.of());
    }
}
