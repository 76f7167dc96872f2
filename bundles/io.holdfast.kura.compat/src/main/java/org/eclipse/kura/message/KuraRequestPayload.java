package org.eclipse.kura.message;

import java.text.ParseException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The payload of a request to an application: a {@link KuraPayload} with a request id and the requester's client id.
 */
@ProviderType
public class KuraRequestPayload extends KuraPayload {

    /** Metric holding the request id. */
    public static final String METRIC_REQUEST_ID = "request.id";
    /** Metric holding the requester's client id. */
    public static final String REQUESTER_CLIENT_ID = "requester.client.id";

    /** Creates an empty request payload. */
    public KuraRequestPayload() {
        super();
    }

    /**
     * Copies a payload: its metrics, body, position and timestamp.
     *
     * @param payload
     *            the payload
     */
    public KuraRequestPayload(KuraPayload payload) {
        super();
        for (String name : payload.metricNames()) {
            addMetric(name, payload.getMetric(name));
        }
        setBody(payload.getBody());
        setPosition(payload.getPosition());
        setTimestamp(payload.getTimestamp());
    }

    /** @return the request id, or {@code null} */
    public String getRequestId() {
        return (String) getMetric(METRIC_REQUEST_ID);
    }

    /**
     * @param requestId
     *            the request id
     */
    public void setRequestId(String requestId) {
        addMetric(METRIC_REQUEST_ID, requestId);
    }

    /** @return the requester's client id, or {@code null} */
    public String getRequesterClientId() {
        return (String) getMetric(REQUESTER_CLIENT_ID);
    }

    /**
     * @param requesterClientId
     *            the requester's client id
     */
    public void setRequesterClientId(String requesterClientId) {
        addMetric(REQUESTER_CLIENT_ID, requesterClientId);
    }

    /**
     * Copies a payload, which must carry a request id.
     *
     * @param payload
     *            the payload received
     *
     * @return a request payload with the same content
     *
     * @throws ParseException
     *             if {@value #METRIC_REQUEST_ID} is missing
     */
    public static KuraRequestPayload buildFromKuraPayload(KuraPayload payload) throws ParseException {
        if (payload.getMetric(METRIC_REQUEST_ID) == null) {
            throw new ParseException("Not a valid request payload", 0);
        }
        return new KuraRequestPayload(payload);
    }
}
