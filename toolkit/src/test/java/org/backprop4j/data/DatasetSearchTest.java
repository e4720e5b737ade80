package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where built datasets are looked for: property, environment, per-user folder, repository, in that order. */
class DatasetSearchTest {
    @TempDir
    Path dir;

    @Test
    void theSearchOrderIsPropertyEnvironmentUserFolderThenRepository() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo/datasets"));
        Files.writeString(repo.resolve("README.md"), "datasets");
        Path work = Files.createDirectories(dir.resolve("repo/notebooks/deep"));
        List<Datasets.Place> places = Datasets.searchPath("/p", "/e", dir.resolve("user"), work);
        assertThat(places).extracting(Datasets.Place::folder)
                .containsExactly(Path.of("/p"), Path.of("/e"), dir.resolve("user"), repo);
        assertThat(places).extracting(Datasets.Place::source).startsWith("-Dbackprop4j.datasets",
                "BACKPROP4J_DATASETS", "the per-user data folder");
        assertThat(Datasets.searchPath(null, " ", dir.resolve("user"), dir)).extracting(Datasets.Place::folder)
                .containsExactly(dir.resolve("user"));
    }

    @Test
    void theUserFolderFollowsXdgDataHome() {
        assertThat(Datasets.userFolder("/xdg", "/home/ada")).isEqualTo(Path.of("/xdg/backprop4j/datasets"));
        assertThat(Datasets.userFolder(null, "/home/ada"))
                .isEqualTo(Path.of("/home/ada/.local/share/backprop4j/datasets"));
    }

    @Test
    void aMissingDatasetNamesEveryFolderSearchedAndWhy() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        List<Datasets.Place> places = List.of(new Datasets.Place(dir.resolve("wrong"), "BACKPROP4J_DATASETS"),
                new Datasets.Place(empty, "the per-user data folder"));
        assertThatThrownBy(() -> Datasets.fashionMnist(places, Split.TEST)).isInstanceOf(DataException.class)
                .hasMessageContaining("fashion-mnist/test.arrow: not found; searched, in order:")
                .hasMessageContaining(dir.resolve("wrong") + " (BACKPROP4J_DATASETS): no such folder")
                .hasMessageContaining(empty + " (the per-user data folder): has no fashion-mnist/test.arrow")
                .hasMessageContaining("datasets/fashion-mnist/build.sh");
    }

    @Test
    void theFirstFolderHoldingTheFileWins() throws IOException {
        Path second = Files.createDirectories(dir.resolve("second/fashion-mnist"));
        Files.writeString(second.resolve("test.arrow"), "not arrow");   // found, then rejected by name
        List<Datasets.Place> places = List.of(new Datasets.Place(dir.resolve("first"), "-Dbackprop4j.datasets"),
                new Datasets.Place(dir.resolve("second"), "BACKPROP4J_DATASETS"));
        assertThatThrownBy(() -> Datasets.fashionMnist(places, Split.TEST)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(second.resolve("test.arrow").toString());
    }
}
