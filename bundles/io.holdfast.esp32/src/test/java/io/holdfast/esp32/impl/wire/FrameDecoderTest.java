package io.holdfast.esp32.impl.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class FrameDecoderTest {

    static Decoded decode(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return FrameDecoder.decode(b, 0, b.length, false);
    }

    static RejectReason reason(String line) {
        Decoded d = decode(line);
        assertThat(d.accepted()).as(line).isFalse();
        return d.reason();
    }

    @Test
    public void crcIsCcittFalse() {
        assertThat(Crc16.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x29B1);
        assertThat(Crc16.of(new byte[0])).isEqualTo(0xFFFF);
        assertThat(Crc16.suffix("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo("\t29B1");
    }

    @Test
    public void readingWithAndWithoutCrc() {
        String json = "{\"t\":\"r\",\"mac\":\"3c:e9:0e:72:12:4c\",\"seq\":1234,\"uptime\":93387,\"type\":\"pt100\","
                + "\"v\":{\"ma\":12.31}}";
        for (String line : List.of(json, json + Crc16.suffix(json.getBytes(StandardCharsets.UTF_8)))) {
            Decoded d = decode(line);
            assertThat(d.accepted()).as(line).isTrue();
            Frame.Readings r = (Frame.Readings) d.frame();
            assertThat(r.mac()).isEqualTo("3C:E9:0E:72:12:4C");
            assertThat(r.batch()).isFalse();
            assertThat(r.items())
                    .containsExactly(new Frame.Item(null, 1234L, "pt100", 93387L, null, Map.of("ma", 12.31)));
        }
        assertThat(decode(json + Crc16.suffix(json.getBytes(StandardCharsets.UTF_8))).crc()).isTrue();
    }

    @Test
    public void crcMandatoryBySwitch() {
        String json = "{\"t\":\"st\",\"mac\":\"3C:E9:0E:72:12:4C\",\"rssi\":-51,\"heap\":81234}";
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        assertThat(FrameDecoder.decode(b, 0, b.length, true).reason()).isEqualTo(RejectReason.BAD_CRC);
        byte[] withCrc = (json + Crc16.suffix(b)).getBytes(StandardCharsets.UTF_8);
        assertThat(FrameDecoder.decode(withCrc, 0, withCrc.length, true).accepted()).isTrue();
    }

    @Test
    public void helloStatusBatchAndRelay() {
        Frame.Hello h = (Frame.Hello) decode("{\"t\":\"hello\",\"mac\":\"3C:E9:0E:72:12:4C\",\"fw\":\"0.3.1\","
                + "\"chip\":\"ESP32-WROOM\",\"sensors\":[\"pt100\",\"rssi\"],\"uptime\":93387}").frame();
        assertThat(h).isEqualTo(new Frame.Hello("3C:E9:0E:72:12:4C", "0.3.1", "ESP32-WROOM", List.of("pt100", "rssi"),
                93387L, null, null));
        Frame.Status s = (Frame.Status) decode(
                "{\"t\":\"st\",\"mac\":\"3C:E9:0E:72:12:4C\",\"rssi\":-51," + "\"heap\":81234}").frame();
        assertThat(s.rssiDbm()).isEqualTo(-51);
        assertThat(s.heap()).isEqualTo(81234L);
        Frame.Readings rb = (Frame.Readings) decode("{\"t\":\"rb\",\"mac\":\"3C:E9:0E:72:12:4C\",\"items\":["
                + "{\"seq\":1,\"uptime\":10,\"type\":\"pt100\",\"v\":{\"ma\":4}},"
                + "{\"seq\":2,\"ts\":1700000000000,\"type\":\"pt100\",\"src\":\"40:91:51:cb:a4:64\",\"v\":{\"ma\":5}},"
                + "{\"seq\":-3,\"uptime\":10,\"type\":\"pt100\",\"v\":{}}, 7]}").frame();
        assertThat(rb.batch()).isTrue();
        assertThat(rb.items()).hasSize(2);
        assertThat(rb.items().get(1).source()).isEqualTo("40:91:51:CB:A4:64");
        assertThat(rb.items().get(1).ts()).isEqualTo(1700000000000L);
        assertThat(rb.rejectedItems()).containsExactly(RejectReason.OUT_OF_RANGE, RejectReason.OUT_OF_RANGE);
    }

    @Test
    public void seedPayloadsUnchanged() {
        Frame.Readings g = (Frame.Readings) decode(
                "{\"macAddress\":\"3C:E9:0E:72:12:4C\", \"timestamp\":93387, \"rssi\":65}").frame();
        assertThat(g.seed()).isTrue();
        assertThat(g.items()).containsExactly(new Frame.Item(null, null, "rssi", 93387L, null, Map.of("rssi", 65L)));
        Frame.Readings t = (Frame.Readings) decode(
                "{\"macAddress\":\"40:91:51:CB:A4:64\", \"timestamp\":93387, \"temperature\":21.37}").frame();
        assertThat(t.mac()).isEqualTo("40:91:51:CB:A4:64");
        assertThat(t.items().get(0).values()).isEqualTo(Map.of("temperature", 21.37));
        // on MQTT the topic names type and MAC
        byte[] b = "{\"timestamp\":5,\"rssi\":70}".getBytes(StandardCharsets.UTF_8);
        Decoded d = FrameDecoder.decode(b, 0, b.length, false, new FrameDecoder.Hint("rssi", "3CE90E72124C"));
        assertThat(d.frame().mac()).isEqualTo("3C:E9:0E:72:12:4C");
    }

    @Test
    public void everyBadInputClassHasItsReason() {
        assertThat(reason("x".repeat(1025))).isEqualTo(RejectReason.TOO_LONG);
        assertThat(reason("not json")).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reason("[1,2]")).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reason("{\"t\":\"r\"} trailing")).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reason("{\"t\":\"r\",\"t\":\"st\"}")).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reason("{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}")).isEqualTo(RejectReason.NOT_JSON);
        byte[] garbage = { (byte) 0xFF, (byte) 0xC0, 0x00, 0x7B, 0x01 };
        assertThat(FrameDecoder.decode(garbage, 0, garbage.length, false).reason()).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reason("{\"t\":\"st\",\"mac\":\"3C:E9:0E:72:12:4C\"}\t0000")).isEqualTo(RejectReason.BAD_CRC);
        assertThat(reason("{\"t\":\"st\",\"mac\":\"3C:E9:0E:72:12:4C\"}\tZZZZ")).isEqualTo(RejectReason.BAD_CRC);
        assertThat(reason("{\"mac\":\"3C:E9:0E:72:12:4C\"}")).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reason("{\"t\":\"r\",\"mac\":\"3C:E9:0E:72:12:4C\",\"seq\":1,\"type\":\"x\",\"v\":{}}"))
                .isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reason("{\"t\":\"r\",\"mac\":\"3C:E9:0E:72:12:4C\",\"seq\":1,\"uptime\":1,\"type\":\"x\"}"))
                .isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(reason("{\"t\":\"reboot\",\"mac\":\"3C:E9:0E:72:12:4C\"}")).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(reason("{\"t\":\"st\",\"mac\":\"3C:E9:0E:72:12\"}")).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reason("{\"t\":\"st\",\"mac\":\"3C:E9:0E:72:12:4C\",\"rssi\":20}"))
                .isEqualTo(RejectReason.OUT_OF_RANGE);
        String r = "{\"t\":\"r\",\"mac\":\"3C:E9:0E:72:12:4C\",\"type\":\"x\",\"v\":{\"a\":1},";
        assertThat(reason(r + "\"seq\":4294967296,\"uptime\":1}")).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reason(r + "\"seq\":1.5,\"uptime\":1}")).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reason(r + "\"seq\":1,\"uptime\":-1}")).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reason(r + "\"seq\":1,\"ts\":12}")).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reason(r.replace("{\"a\":1}", "{\"a\":1e999}") + "\"seq\":1,\"uptime\":1}"))
                .isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reason(r.replace("\"x\"", "\"bad type!\"") + "\"seq\":1,\"uptime\":1}"))
                .isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(reason("{\"macAddress\":\"3C:E9:0E:72:12:4C\",\"timestamp\":1,\"temperature\":\"hot\"}"))
                .isEqualTo(RejectReason.OUT_OF_RANGE);
    }

    @Test
    public void macForms() {
        assertThat(FrameDecoder.normalizeMac("3c-e9-0e-72-12-4c")).isEqualTo("3C:E9:0E:72:12:4C");
        assertThat(FrameDecoder.normalizeMac("3CE90E72124C")).isEqualTo("3C:E9:0E:72:12:4C");
        assertThat(FrameDecoder.normalizeMac("3C:E9:0E:72:12:4G")).isNull();
        assertThat(FrameDecoder.normalizeMac("3C:E9:0E:72:12;4C")).isNull();
        assertThat(FrameDecoder.normalizeMac("")).isNull();
    }
}
