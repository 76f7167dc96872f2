package io.holdfast.esp32.impl;

import io.holdfast.esp32.impl.ingest.CodecRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.api.codec.CodecException;
import io.holdfast.api.reading.Metric;
import java.util.Map;
import org.junit.Test;

public class CodecsTest {

    @Test
    public void rssiFromTheSeedsPercentAndFromDbm() throws Exception {
        RssiCodec c = new RssiCodec();
        assertThat(c.decode("rssi", Map.of("rssi", 65L))).containsExactly(Metric.of("rssi", -51L, "dBm"),
                Metric.of("rssi.percent", 65L, "%"));
        assertThat(c.decode("rssi", Map.of("dbm", -51L))).containsExactly(Metric.of("rssi", -51L, "dBm"),
                Metric.of("rssi.percent", 65L, "%"));
        assertThat(c.decode("rssi", Map.of("rssi", -95L)).get(1)).isEqualTo(Metric.of("rssi.percent", 0L, "%"));
        assertThat(c.decode("rssi", Map.of("percent", 100L)).get(0)).isEqualTo(Metric.of("rssi", -30L, "dBm"));
        assertThatThrownBy(() -> c.decode("rssi", Map.of("rssi", 300L))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> c.decode("rssi", Map.of("rssi", "x"))).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> c.decode("rssi", Map.of())).isInstanceOf(CodecException.class);
    }

    @Test
    public void temperatureInCelsiusWithinThePlausibleRange() throws Exception {
        TemperatureCodec c = new TemperatureCodec();
        assertThat(c.decode("temperature", Map.of("temperature", 21.37)))
                .containsExactly(Metric.of("temperature", 21.37, "Cel"));
        assertThat(c.decode("temperature", Map.of("temperature", 21L)))
                .containsExactly(Metric.of("temperature", 21.0, "Cel"));
        assertThatThrownBy(() -> c.decode("temperature", Map.of("temperature", 500.0)))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> c.decode("temperature", Map.of("temperature", -60L)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    public void registryPicksTheHighestRanking() {
        CodecRegistry r = new CodecRegistry();
        TemperatureCodec a = new TemperatureCodec();
        TemperatureCodec b = new TemperatureCodec();
        r.add(new CodecRegistry.Entry(a, CodecRegistry.types("temperature"), 0, 5));
        r.add(new CodecRegistry.Entry(b, CodecRegistry.types(new String[] { "temperature", "t2" }), 5, 9));
        assertThat(r.get("temperature")).isSameAs(b);
        assertThat(r.get("t2")).isSameAs(b);
        r.remove(b);
        assertThat(r.get("temperature")).isSameAs(a);
        assertThat(r.get("t2")).isNull();
    }
}
