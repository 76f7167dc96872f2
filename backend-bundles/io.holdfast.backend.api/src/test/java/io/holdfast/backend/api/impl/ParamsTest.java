package io.holdfast.backend.api.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.Test;

public class ParamsTest {

    static Params of(String... kv) {
        java.util.Map<String, String[]> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], new String[] { kv[i + 1] });
        }
        return new Params(m);
    }

    @Test
    public void refusesBadReversedAndHugeRangesWithAReason() {
        assertThatThrownBy(() -> of("from", "yesterday").range(0, 10)).isInstanceOf(ApiException.class)
                .hasMessageContaining("from must be an ISO-8601 instant");
        assertThatThrownBy(() -> of("from", "2026-02-01T00:00:00Z", "to", "2026-01-01T00:00:00Z").range(0, 100))
                .hasMessage("from must be before to");
        assertThatThrownBy(() -> of("from", "2000-01-01T00:00:00Z", "to", "2026-01-01T00:00:00Z").range(0, 400))
                .hasMessageContaining("maximum of 400 days");
        assertThatThrownBy(() -> of("from", "1' OR '1'='1").range(0, 10)).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> of("metric", "t'; DROP TABLE readings; --").metric(true))
                .hasMessageContaining("metric must be");
        assertThatThrownBy(() -> of("limit", "0").number("limit", 1, 1, 10)).hasMessageContaining("from 1 to 10");
        assertThatThrownBy(() -> of("cursor", "%%%").cursor()).hasMessageContaining("cursor");
        assertThatThrownBy(() -> of("min", "NaN").decimal("min")).hasMessageContaining("finite");
    }

    @Test
    public void readsInstantsEpochMillisAndCursors() throws Exception {
        assertThat(of("from", "2026-01-01T00:00:00Z", "to", "1767229200000").range(0, 1))
                .containsExactly(1_767_225_600_000L, 1_767_229_200_000L);
        assertThat(of("cursor", Params.cursor(5, -7)).cursor()).containsExactly(5, -7);
        assertThat(new Params(Map.of()).range(86_400_000L * 3, 1)).containsExactly(86_400_000L * 2, 86_400_000L * 3);
    }
}
