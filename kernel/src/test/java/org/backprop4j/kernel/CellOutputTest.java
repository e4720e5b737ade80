package org.backprop4j.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;
import org.junit.jupiter.api.Test;

class CellOutputTest {
    /** What a cell's environment received: one entry per stream message. */
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();

    private CellOutput started(long limit) {
        CellOutput output = new CellOutput(System.err, limit);
        output.startCell((type, text) -> {
            synchronized (this) {
                (type == StreamType.OUT ? out : err).add(text);
            }
        });
        return output;
    }

    @Test
    void aFloodOfLinesArrivesWholeInFewMessages() {
        try (CellOutput output = started(CellOutput.DEFAULT_LIMIT_BYTES)) {
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                output.stdout.println("line " + i);
                expected.append("line ").append(i).append('\n');
            }
            output.finishCell();
            assertThat(String.join("", out)).isEqualTo(expected.toString());
            assertThat(out.size()).as("messages for %d bytes", expected.length()).isLessThan(1000);
            assertThat(err).isEmpty();
        }
    }

    @Test
    void outputPastTheLimitIsCountedAndNotedNotSent() {
        try (CellOutput output = started(100)) {
            for (int i = 0; i < 30; i++) {
                output.stdout.print("abcdefghi\n");   // 10 bytes a line: 10 lines fit
            }
            output.finishCell();
            assertThat(String.join("", out)).isEqualTo("abcdefghi\n".repeat(10));
            assertThat(String.join("", err)).contains("[output truncated: 20 lines (200 bytes) dropped after the "
                    + "first 0 MiB this cell printed");
        }
    }

    @Test
    void theCountStartsAfreshInEachCell() {
        try (CellOutput output = started(20)) {
            output.stdout.print("x".repeat(30));
            output.finishCell();
            output.startCell((type, text) -> out.add(text));
            output.stdout.print("y".repeat(10));
            output.finishCell();
            assertThat(String.join("", out)).isEqualTo("x".repeat(20) + "y".repeat(10));
        }
    }

    @Test
    void aCharacterCutBetweenBatchesIsNotSplit() {
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);   // three bytes
        assertThat(CellOutput.completeUtf8(new byte[] {'a', euro[0], euro[1]})).isEqualTo(1);
        assertThat(CellOutput.completeUtf8(new byte[] {'a', euro[0], euro[1], euro[2]})).isEqualTo(4);
        assertThat(CellOutput.completeUtf8(new byte[] {'a', 'b'})).isEqualTo(2);
        byte[] face = "\ud83d\ude00".getBytes(StandardCharsets.UTF_8);   // four bytes
        assertThat(CellOutput.completeUtf8(new byte[] {face[0], face[1], face[2]})).isZero();
    }

    @Test
    void aBadLimitSettingNamesTheVariable() {
        assertThat(CellOutput.limitFrom(null)).isEqualTo(CellOutput.DEFAULT_LIMIT_BYTES);
        assertThat(CellOutput.limitFrom("3")).isEqualTo(3L << 20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CellOutput.limitFrom("lots"))
                .hasMessageContaining("BACKPROP4J_KERNEL_OUTPUT_LIMIT_MB").hasMessageContaining("'lots'");
    }
}
