package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MimeBundleTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    @TempDir
    Path dir;

    @Test
    void plainTextComesFirstAndWithersReturnNewBundles() {
        MimeBundle text = MimeBundle.ofText("x");
        MimeBundle rich = text.withHtml("<b>x</b>").withPng(PNG, 10, 5);
        assertThat(text.mimeTypes()).containsExactly("text/plain");
        assertThat(rich.mimeTypes()).containsExactly("text/plain", "text/html", "image/png");
        assertThat(rich.text("text/html")).isEqualTo("<b>x</b>");
        assertThat(rich.binary("image/png")).isEqualTo(PNG);
        assertThat(rich.metadata("image/png")).containsEntry("width", 10).containsEntry("height", 5);
        assertThat(rich.metadata("text/html")).isEmpty();
    }

    @Test
    void binaryContentIsCopiedAndBase64ForJupyter() {
        byte[] bytes = PNG.clone();
        MimeBundle b = MimeBundle.ofText("img").withPng(bytes);
        bytes[0] = 0;
        assertThat(b.binary("image/png")[0]).isEqualTo((byte) 0x89);
        assertThat(Base64.getDecoder().decode(b.jupyterContent("image/png"))).isEqualTo(PNG);
        assertThat(b.jupyterContent("text/plain")).isEqualTo("img");
        assertThatThrownBy(() -> b.jupyterContent("text/html")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MimeBundle: no text/html in a bundle of [text/plain, image/png]");
    }

    @Test
    void badTypesAndContentAreRefusedWithClearMessages() {
        MimeBundle b = MimeBundle.ofText("x");
        assertThatThrownBy(() -> b.with("image/png", "text")).hasMessage(
                "MimeBundle.with: image/png is binary; pass bytes to withBinary");
        assertThatThrownBy(() -> b.withBinary("text/html", PNG)).hasMessage(
                "MimeBundle.withBinary: text/html is text; pass a string to with");
        assertThatThrownBy(() -> b.with("html", "x")).hasMessage(
                "MimeBundle: 'html' is not a MIME type such as text/html");
        assertThatThrownBy(() -> MimeBundle.ofText(null)).hasMessageContaining("text/plain must not be null");
    }

    @Test
    void onlyKeepsPlainTextAndTheListedTypes() {
        MimeBundle b = MimeBundle.ofText("x").withHtml("h").withPng(PNG, 1, 1).withSvg("<svg/>");
        assertThat(b.only(List.of("image/png")).mimeTypes()).containsExactly("text/plain", "image/png");
        assertThat(b.only(List.of("image/png")).metadata("image/png")).containsEntry("width", 1);
    }

    @Test
    void htmlFragmentPrefersHtmlThenSvgThenImageThenText() {
        assertThat(MimeBundle.ofText("a<b").toHtmlFragment()).isEqualTo("<pre>a&lt;b</pre>");
        MimeBundle img = MimeBundle.ofText("pic").withPng(PNG, 7, 3);
        assertThat(img.toHtmlFragment()).isEqualTo("<img src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(PNG) + "\" width=\"7\" alt=\"pic\">");
        assertThat(img.withSvg("<svg/>").toHtmlFragment()).isEqualTo("<svg/>");
        assertThat(img.withSvg("<svg/>").withHtml("<i>h</i>").toHtmlFragment()).isEqualTo("<i>h</i>");
    }

    @Test
    void saveWritesOneFilePerTypeAndNoTemporaryFiles() throws IOException {
        MimeBundle b = MimeBundle.ofText("x").withHtml("<b>x</b>").withPng(PNG);
        List<Path> written = b.save(dir.resolve("out"), "pic");
        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("pic.txt", "pic.html", "pic.png");
        assertThat(Files.readString(dir.resolve("out/pic.html"))).isEqualTo("<b>x</b>");
        assertThat(Files.readAllBytes(dir.resolve("out/pic.png"))).isEqualTo(PNG);
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files).hasSize(3);
        }
        assertThatThrownBy(() -> b.save(dir, "a/b")).hasMessageContaining("base name 'a/b' must be a plain file name");
    }

    @Test
    void saveToOneFileChoosesTheTypeByExtension() throws IOException {
        MimeBundle b = MimeBundle.ofText("caption").withPng(PNG);
        b.save(dir.resolve("x.png"));
        assertThat(Files.readAllBytes(dir.resolve("x.png"))).isEqualTo(PNG);
        b.save(dir.resolve("x.html"));
        assertThat(Files.readString(dir.resolve("x.html"), StandardCharsets.UTF_8))
                .startsWith("<!DOCTYPE html>").contains("<title>caption</title>").contains("data:image/png;base64,");
        assertThatThrownBy(() -> b.save(dir.resolve("x.svg"))).hasMessage("MimeBundle.save: " + dir.resolve("x.svg")
                + " asks for image/svg+xml but the bundle holds only [text/plain, image/png]");
        assertThatThrownBy(() -> b.save(dir.resolve("x.gif"))).hasMessage(
                "save: cannot tell the format of 'x.gif'; use one of .png, .svg, .html, .txt, .md, .json, .jpg");
        assertThat(Files.exists(dir.resolve("x.svg"))).isFalse();
    }

    @Test
    void aFailedSaveLeavesNoFile() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "not a folder");
        assertThatThrownBy(() -> MimeBundle.ofText("x").save(blocker.resolve("sub"), "x"))
                .isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(blocker);
        }
    }
}
