package org.eclipse.kura.message;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The payload of a reply to a request: a {@link KuraPayload} with a response code and, on failure, the exception's
 * message and stack trace. No constructor sets a timestamp: whoever sends the reply sets it.
 */
@ProviderType
public class KuraResponsePayload extends KuraPayload {

    /** The request succeeded. */
    public static final int RESPONSE_CODE_OK = 200;
    /** The request was malformed. */
    public static final int RESPONSE_CODE_BAD_REQUEST = 400;
    /** The resource does not exist. */
    public static final int RESPONSE_CODE_NOTFOUND = 404;
    /** The request failed. */
    public static final int RESPONSE_CODE_ERROR = 500;

    /** Metric holding the response code. */
    public static final String METRIC_RESPONSE_CODE = "response.code";
    /** Metric holding the exception's message. */
    public static final String METRIC_EXCEPTION_MSG = "response.exception.message";
    /** Metric holding the exception's stack trace. */
    public static final String METRIC_EXCEPTION_STACK = "response.exception.stack";

    /**
     * Creates a response with a code.
     *
     * @param responseCode
     *            the response code
     */
    public KuraResponsePayload(int responseCode) {
        super();
        addMetric(METRIC_RESPONSE_CODE, Integer.valueOf(responseCode));
    }

    /**
     * Creates a {@value #RESPONSE_CODE_ERROR} response describing an exception.
     *
     * @param t
     *            the exception
     */
    public KuraResponsePayload(Throwable t) {
        this(RESPONSE_CODE_ERROR, t);
    }

    /**
     * Creates a response with a code describing an exception.
     *
     * @param responseCode
     *            the response code
     * @param t
     *            the exception, or {@code null}
     */
    public KuraResponsePayload(int responseCode, Throwable t) {
        super();
        addMetric(METRIC_RESPONSE_CODE, Integer.valueOf(responseCode));
        setException(t);
    }

    /**
     * Copies the metrics and body of a payload.
     *
     * @param kuraPayload
     *            the payload
     */
    public KuraResponsePayload(KuraPayload kuraPayload) {
        for (String name : kuraPayload.metricNames()) {
            addMetric(name, kuraPayload.getMetric(name));
        }
        setBody(kuraPayload.getBody());
    }

    /**
     * @return the response code
     *
     * @throws NullPointerException
     *             if the payload has no response code
     */
    public int getResponseCode() {
        return (Integer) getMetric(METRIC_RESPONSE_CODE);
    }

    /**
     * @param responseCode
     *            the response code
     */
    public void setResponseCode(int responseCode) {
        addMetric(METRIC_RESPONSE_CODE, Integer.valueOf(responseCode));
    }

    /** @return the exception's message, or {@code null} */
    public String getExceptionMessage() {
        return (String) getMetric(METRIC_EXCEPTION_MSG);
    }

    /**
     * @param message
     *            the exception's message; {@code null} is ignored
     */
    public void setExceptionMessage(String message) {
        if (message != null) {
            addMetric(METRIC_EXCEPTION_MSG, message);
        }
    }

    /** @return the exception's stack trace, or {@code null} */
    public String getExceptionStack() {
        return (String) getMetric(METRIC_EXCEPTION_STACK);
    }

    /**
     * @param stack
     *            the exception's stack trace; {@code null} is ignored
     */
    public void setExceptionStack(String stack) {
        if (stack != null) {
            addMetric(METRIC_EXCEPTION_STACK, stack);
        }
    }

    /**
     * Records an exception's message and stack trace.
     *
     * @param t
     *            the exception; {@code null} is ignored
     */
    public void setException(Throwable t) {
        if (t != null) {
            addMetric(METRIC_EXCEPTION_MSG, t.getMessage());
            addMetric(METRIC_EXCEPTION_STACK, stackTraceAsString(t));
        }
    }

    private String stackTraceAsString(Throwable t) {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        t.printStackTrace(pw);
        return sw.toString();
    }
}
