package io.holdfast.esp32.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

/** The codec registry (the codecs themselves live in the io.holdfast.sensor.* bundles). */
public class CodecsTest {

    @Test
    public void registryPicksTheHighestRanking() {
        CodecRegistry r = new CodecRegistry();
        Fakes.TemperatureCodec a = new Fakes.TemperatureCodec();
        Fakes.TemperatureCodec b = new Fakes.TemperatureCodec();
        r.add(new CodecRegistry.Entry(a, CodecRegistry.types("temperature"), 0, 5));
        r.add(new CodecRegistry.Entry(b, CodecRegistry.types(new String[] { "temperature", "t2" }), 5, 9));
        assertThat(r.get("temperature")).isSameAs(b);
        assertThat(r.get("t2")).isSameAs(b);
        r.remove(b);
        assertThat(r.get("temperature")).isSameAs(a);
        assertThat(r.get("t2")).isNull();
    }
}
