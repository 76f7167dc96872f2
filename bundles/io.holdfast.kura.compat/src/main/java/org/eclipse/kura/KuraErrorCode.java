package org.eclipse.kura;

/**
 * Error codes carried by {@link KuraException}. Holdfast's subset of Kura's codes, with Kura's names.
 */
public enum KuraErrorCode {
    /** A configuration could not be applied. */
    CONFIGURATION_ERROR,
    /** A configuration attribute has an invalid value. */
    CONFIGURATION_ATTRIBUTE_INVALID,
    /** A required configuration attribute is missing. */
    CONFIGURATION_REQUIRED_ATTRIBUTE_MISSING,
    /** An unexpected internal failure. */
    INTERNAL_ERROR,
    /** The operation is not supported. */
    OPERATION_NOT_SUPPORTED,
    /** A parameter is invalid. */
    INVALID_PARAMETER,
    /** A request is malformed. */
    BAD_REQUEST,
    /** The requested resource does not exist. */
    NOT_FOUND,
    /** A required service is not available. */
    SERVICE_UNAVAILABLE,
    /** An I/O operation failed. */
    IO_ERROR,
    /** The serial port configuration is invalid. */
    SERIAL_PORT_INVALID_CONFIGURATION,
    /** The serial port does not exist. */
    SERIAL_PORT_NOT_EXISTING,
    /** The port is in use. */
    PORT_IN_USE,
    /** Not connected. */
    NOT_CONNECTED,
    /** The operation timed out. */
    TIMED_OUT,
    /** The connection failed. */
    CONNECTION_FAILED,
    /** The disconnection failed. */
    DISCONNECTION_FAILED,
    /** Too many messages are in flight. */
    TOO_MANY_INFLIGHT_MESSAGES,
    /** The message store failed. */
    STORE_ERROR,
    /** A payload could not be encoded. */
    ENCODE_ERROR,
    /** A payload could not be decoded. */
    DECODER_ERROR,
    /** A metric is invalid. */
    INVALID_METRIC_EXCEPTION,
    /** A message is invalid. */
    INVALID_MESSAGE_EXCEPTION,
    /** A subscription failed. */
    SUBSCRIPTION_ERROR
}
