package org.eclipse.kura.message;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Date;

/**
 * The payload of a reply to a request: a {@link KuraPayload} with a response code and, on failure, the exception.
 */
public class KuraResponsePayload extends KuraPayload {

    /** The request succeeded. */
    public static final int RESPONSE_CODE_OK = 200;
    /** The request was malformed. */
    public static final int RESPONSE_CODE_BAD_REQUEST = 400;
    /** The requested resource does not exist. */
    public static final int RESPONSE_CODE_NOTFOUND = 404;
    /** The request failed. */
    public static final int RESPONSE_CODE_ERROR = 500;

    /** Metric holding the response code. */
    public static final String METRIC_RESPONSE_CODE = "response.code";
    /** Metric holding the exception message. */
    public static final String METRIC_EXCEPTION_MSG = "response.exception.message";
    /** Metric holding the exception stack trace. */
    public static final String METRIC_EXCEPTION_STACK = "response.exception.stack";

    /**
     * Creates a response with a code, timestamped now.
     *
     * @param responseCode
     *            the response code
     */
    public KuraResponsePayload(int responseCode) {
        setResponseCode(responseCode);
        setTimestamp(new Date());
    }

    /**
     * Creates a {@value #RESPONSE_CODE_ERROR} response for an exception.
     *
     * @param throwable
     *            the failure
     */
    public KuraResponsePayload(Throwable throwable) {
        this(RESPONSE_CODE_ERROR, throwable);
    }

    /**
     * Creates a response with a code and an exception.
     *
     * @param responseCode
     *            the response code
     * @param throwable
     *            the failure
     */
    public KuraResponsePayload(int responseCode, Throwable throwable) {
        this(responseCode);
        setException(throwable);
    }

    /** @return the response code, or 0 when missing */
    public int getResponseCode() {
        Object code = getMetric(METRIC_RESPONSE_CODE);
        return code instanceof Integer i ? i : 0;
    }

    /**
     * @param responseCode
     *            the response code
     */
    public void setResponseCode(int responseCode) {
        addMetric(METRIC_RESPONSE_CODE, responseCode);
    }

    /** @return the exception message, or {@code null} */
    public String getExceptionMessage() {
        return (String) getMetric(METRIC_EXCEPTION_MSG);
    }

    /**
     * @param message
     *            the exception message
     */
    public void setExceptionMessage(String message) {
        if (message != null) {
            addMetric(METRIC_EXCEPTION_MSG, message);
        }
    }

    /** @return the exception stack trace, or {@code null} */
    public String getExceptionStack() {
        return (String) getMetric(METRIC_EXCEPTION_STACK);
    }

    /**
     * @param stack
     *            the exception stack trace
     */
    public void setExceptionStack(String stack) {
        if (stack != null) {
            addMetric(METRIC_EXCEPTION_STACK, stack);
        }
    }

    /**
     * Records an exception's message and stack trace.
     *
     * @param throwable
     *            the failure, or {@code null}
     */
    public void setException(Throwable throwable) {
        if (throwable != null) {
            setExceptionMessage(throwable.getMessage());
            StringWriter sw = new StringWriter();
            throwable.printStackTrace(new PrintWriter(sw));
            setExceptionStack(sw.toString());
        }
    }
}
