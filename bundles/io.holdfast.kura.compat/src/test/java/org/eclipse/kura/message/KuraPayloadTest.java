package org.eclipse.kura.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.util.Date;

import org.junit.Test;

/**
 * What Holdfast relies on from the payload classes, as Kura's own classes behave.
 */
public class KuraPayloadTest {

    @Test
    public void metricsViewIsUnmodifiable() {
        KuraPayload p = new KuraPayload();
        p.addMetric("temperature", 21.5);
        assertThat(p.metricNames()).containsExactly("temperature");
        assertThatThrownBy(() -> p.metrics().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        p.removeAllMetrics();
        assertThat(p.metrics()).isEmpty();
    }

    @Test
    public void requestPayloadNeedsARequestId() throws Exception {
        KuraPayload p = new KuraPayload();
        p.addMetric(KuraRequestPayload.REQUESTER_CLIENT_ID, "backend");
        assertThatThrownBy(() -> KuraRequestPayload.buildFromKuraPayload(p)).isInstanceOf(ParseException.class);
        p.addMetric(KuraRequestPayload.METRIC_REQUEST_ID, "42");
        p.setTimestamp(new Date(1000));
        KuraRequestPayload request = KuraRequestPayload.buildFromKuraPayload(p);
        assertThat(request.getRequestId()).isEqualTo("42");
        assertThat(request.getRequesterClientId()).isEqualTo("backend");
        assertThat(request.getTimestamp()).isEqualTo(new Date(1000));
    }

    @Test
    public void responsePayloadCarriesCodeAndExceptionButNoTimestamp() {
        KuraResponsePayload r = new KuraResponsePayload(new IllegalStateException("boom"));
        assertThat(r.getResponseCode()).isEqualTo(KuraResponsePayload.RESPONSE_CODE_ERROR);
        assertThat(r.getExceptionMessage()).isEqualTo("boom");
        assertThat(r.getExceptionStack()).contains("IllegalStateException");
        assertThat(r.getTimestamp()).isNull();
        assertThat(new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK).getTimestamp()).isNull();
    }
}
