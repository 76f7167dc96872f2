package io.holdfast.api.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.Test;

public class SeqRangeTest {

    @Test
    public void runsOfAscendingNumbers() {
        assertThat(SeqRange.runs(List.of())).isEmpty();
        assertThat(SeqRange.runs(List.of(7L))).containsExactly(new SeqRange(7, 7));
        assertThat(SeqRange.runs(List.of(0L, 1L, 2L, 5L, 6L, 9L))).containsExactly(new SeqRange(0, 2),
                new SeqRange(5, 6), new SeqRange(9, 9));
    }

    @Test
    public void numbersNotAscendingAreRefused() {
        assertThatThrownBy(() -> SeqRange.runs(List.of(3L, 3L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not ascending: 3 after 3");
        assertThatThrownBy(() -> SeqRange.runs(List.of(-1L))).isInstanceOf(IllegalArgumentException.class);
    }
}
