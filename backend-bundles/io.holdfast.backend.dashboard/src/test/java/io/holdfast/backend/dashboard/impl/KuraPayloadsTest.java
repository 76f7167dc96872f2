package io.holdfast.backend.dashboard.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.Test;

public class KuraPayloadsTest {

    private static Map<String, Object> request() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dp.uri", "http://127.0.0.1:8081/dashboard/dp/abc/x_1.0.0.dp");
        m.put("job.id", 1796172078833L);
        m.put("dp.install", true);
        m.put("dp.download.block.size", 4096);
        m.put("negative", -7);
        m.put("ratio", 0.25);
        return m;
    }

    @Test
    public void protobufAndJsonRoundTripEveryMetricType() throws IOException {
        for (boolean json : new boolean[] { false, true }) {
            KuraPayloads.Payload p = KuraPayloads.decode(KuraPayloads.encode(request(), json));
            assertThat(p.metrics().get("dp.uri")).isEqualTo("http://127.0.0.1:8081/dashboard/dp/abc/x_1.0.0.dp");
            assertThat(((Number) p.metrics().get("job.id")).longValue()).isEqualTo(1796172078833L);
            assertThat(p.metrics().get("dp.install")).isEqualTo(true);
            assertThat(((Number) p.metrics().get("dp.download.block.size")).intValue()).isEqualTo(4096);
            assertThat(((Number) p.metrics().get("negative")).intValue()).isEqualTo(-7);
            assertThat(((Number) p.metrics().get("ratio")).doubleValue()).isEqualTo(0.25);
        }
    }

    @Test
    public void aGzippedPayloadIsUnpackedAndABodyKept() throws IOException {
        String json = "{\"sentOn\":1,\"metrics\":{\"response.code\":200},\"body\":\""
                + java.util.Base64.getEncoder().encodeToString("<bundles/>".getBytes(StandardCharsets.UTF_8)) + "\"}";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(json.getBytes(StandardCharsets.UTF_8));
        }
        KuraPayloads.Payload p = KuraPayloads.decode(b.toByteArray());
        assertThat(((Number) p.metrics().get("response.code")).intValue()).isEqualTo(200);
        assertThat(new String(p.body(), StandardCharsets.UTF_8)).isEqualTo("<bundles/>");
    }

    @Test
    public void aTruncatedProtobufIsRefused() {
        byte[] full = KuraPayloads.encode(request(), false);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 5);
        assertThatThrownBy(() -> KuraPayloads.decode(cut)).isInstanceOf(IOException.class);
    }

    @Test
    public void theGatewaysPackageListIsReadWithItsBundlesAndNoEntities() throws Exception {
        String xml = "<packages><package><name>p</name><version>1.0.0</version><bundles><bundle><name>b</name>"
                + "<version>2.0.0</version><id>51</id><state>ACTIVE</state></bundle></bundles></package></packages>";
        List<Map<String, Object>> list = DeployRoutes.xml(xml.getBytes(StandardCharsets.UTF_8), "packages");
        assertThat(list).hasSize(1);
        assertThat(list.get(0)).containsEntry("name", "p").containsEntry("version", "1.0.0");
        assertThat(list.get(0).get("bundles").toString()).contains("name=b").contains("state=ACTIVE");
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><bundles>&e;</bundles>";
        assertThatThrownBy(() -> DeployRoutes.xml(evil.getBytes(StandardCharsets.UTF_8), "bundles"))
                .isInstanceOf(DeployRoutes.Failure.class);
    }
}
