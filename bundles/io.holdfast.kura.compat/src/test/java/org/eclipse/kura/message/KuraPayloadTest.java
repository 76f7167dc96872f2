package org.eclipse.kura.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.junit.Test;

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
    public void requestPayloadNeedsRequestMetrics() throws Exception {
        KuraPayload p = new KuraPayload();
        p.addMetric(KuraRequestPayload.METRIC_REQUEST_ID, "42");
        assertThatThrownBy(() -> KuraRequestPayload.buildFromKuraPayload(p)).isInstanceOf(ParseException.class)
                .hasMessageContaining(KuraRequestPayload.REQUESTER_CLIENT_ID);

        p.addMetric(KuraRequestPayload.REQUESTER_CLIENT_ID, "backend");
        KuraRequestPayload request = KuraRequestPayload.buildFromKuraPayload(p);
        assertThat(request.getRequestId()).isEqualTo("42");
        assertThat(request.getRequesterClientId()).isEqualTo("backend");
    }

    @Test
    public void responsePayloadCarriesCodeAndException() {
        KuraResponsePayload r = new KuraResponsePayload(new IllegalStateException("boom"));

        assertThat(r.getResponseCode()).isEqualTo(KuraResponsePayload.RESPONSE_CODE_ERROR);
        assertThat(r.getExceptionMessage()).isEqualTo("boom");
        assertThat(r.getExceptionStack()).contains("IllegalStateException");
        assertThat(r.getTimestamp()).isNotNull();
    }

    @Test
    public void exceptionsCarryTheirCodeAndArguments() {
        KuraException e = new KuraException(KuraErrorCode.CONNECTION_FAILED, "tcp://broker:1883", 3);
        assertThat(e.getCode()).isEqualTo(KuraErrorCode.CONNECTION_FAILED);
        assertThat(e.getMessage()).isEqualTo("CONNECTION_FAILED: tcp://broker:1883, 3");
        assertThat(KuraException.internalError("x").getCode()).isEqualTo(KuraErrorCode.INTERNAL_ERROR);
        assertThat(new KuraStoreCapacityReachedException(10000).getCode()).isEqualTo(KuraErrorCode.STORE_ERROR);
    }
}
