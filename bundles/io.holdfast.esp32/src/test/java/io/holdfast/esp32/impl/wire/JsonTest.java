package io.holdfast.esp32.impl.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.Test;

public class JsonTest {

    @Test
    public void typesAreExact() throws Exception {
        Map<String, Object> o = Json.parseObject(
                "{\"i\":-42,\"big\":12345678901234567890,\"d\":1.5e2,\"b\":true,\"n\":null,\"s\":\"a\\u00e9\\n\\\"\","
                        + "\"a\":[1,{\"x\":false}],\"u\":\"\u00fc\u20ac\"}");
        assertThat(o.get("i")).isEqualTo(-42L);
        assertThat(o.get("big")).isEqualTo(1.2345678901234567E19);
        assertThat(o.get("d")).isEqualTo(150.0);
        assertThat(o.get("b")).isEqualTo(true);
        assertThat(o).containsKey("n");
        assertThat(o.get("s")).isEqualTo("a\u00e9\n\"");
        assertThat(o.get("a")).isEqualTo(List.of(1L, Map.of("x", false)));
        assertThat(o.get("u")).isEqualTo("\u00fc\u20ac");
        assertThat(Json.parseObject(" {} ")).isEmpty();
        assertThat(Json.parseObject("{\"l\":9223372036854775807}").get("l")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    public void strict() {
        for (String bad : new String[] { "", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{'a':1}", "{\"a\":01}",
                "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":tru}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
                "{\"a\":\"tab\there\"}", "{\"a\":[1,]}", "{\"a\":1}{}", "null", "{\"a\":NaN}" }) {
            assertThatThrownBy(() -> Json.parseObject(bad)).as(bad).isInstanceOf(Json.JsonException.class);
        }
    }

    @Test
    public void utf8IsValidated() {
        assertThat(Json.validUtf8(new byte[] { (byte) 0xC3, (byte) 0xA9 }, 0, 2)).isTrue();
        assertThat(Json.validUtf8(new byte[] { (byte) 0xC0, (byte) 0x80 }, 0, 2)).as("overlong").isFalse();
        assertThat(Json.validUtf8(new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, 0, 3)).as("surrogate")
                .isFalse();
        assertThat(Json.validUtf8(new byte[] { (byte) 0xE2, (byte) 0x82 }, 0, 2)).as("truncated").isFalse();
        assertThat(Json.validUtf8(new byte[] { (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80 }, 0, 4)).isTrue();
    }

    @Test
    public void quote() {
        assertThat(Json.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
