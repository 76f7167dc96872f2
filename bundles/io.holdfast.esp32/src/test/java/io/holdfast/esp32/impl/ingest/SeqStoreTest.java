package io.holdfast.esp32.impl.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

public class SeqStoreTest {

    @Test
    public void assignedNumbersNeverRepeatAcrossRestarts() throws Exception {
        Path dir = Files.createTempDirectory("seqstore");
        Path file = dir.resolve("esp32/assigned-seq.properties");
        SeqStore a = new SeqStore(file);
        long last = -1;
        for (int i = 0; i < 10; i++) {
            last = a.next("40:91:51:CB:A4:64");
        }
        assertThat(last).isEqualTo(9);
        assertThat(a.seed("40:91:51:CB:A4:64", "temperature", 93387)).isTrue();
        assertThat(a.seed("40:91:51:CB:A4:64", "temperature", 93387)).isFalse();
        a.flush();
        // "crash": the new instance starts after the reserved block
        SeqStore b = new SeqStore(file);
        assertThat(b.next("40:91:51:CB:A4:64")).isEqualTo(SeqStore.BLOCK);
        assertThat(b.next("other")).isZero();
        assertThat(b.seed("40:91:51:CB:A4:64", "temperature", 93387)).as("retained message after restart").isFalse();
    }
}
