package org.eclipse.kura;

import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;

/**
 * The messages of Kura's exceptions, worded as Kura's message bundle words them, and Kura's way of filling them in: a
 * code without a message of its own gets a generic one; an internal error with several arguments shows them joined.
 */
final class ErrorMessages {
    private static final String GENERIC = "Generic Error - {0}: {1}";
    private static final Map<KuraErrorCode, String> PATTERNS = new EnumMap<>(KuraErrorCode.class);

    static {
        put(KuraErrorCode.CONFIGURATION_ERROR, "Configuration Error: {0}");
        put(KuraErrorCode.INTERNAL_ERROR, "An internal error occurred. {0}");
        put(KuraErrorCode.PORT_IN_USE, "The port is in use. {0}");
        put(KuraErrorCode.SECURITY_EXCEPTION, "The current subject is not authorized to perform this operation. {0}");
        put(KuraErrorCode.CONFIGURATION_ATTRIBUTE_UNDEFINED, "The configuration attribute {0} is undefined.");
        put(KuraErrorCode.CONFIGURATION_ATTRIBUTE_INVALID,
                "The configuration attribute {0} cannot accept value {1}: {2}.");
        put(KuraErrorCode.CONFIGURATION_REQUIRED_ATTRIBUTE_MISSING,
                "The configuration attribute {0} is required and no value has been specified.");
        put(KuraErrorCode.CONFIGURATION_UPDATE, "Error updating Configuration of ConfigurableComponent {0}");
        put(KuraErrorCode.CONFIGURATION_SNAPSHOT_NOT_FOUND, "Configuration snapshot {0} was not found.");
        put(KuraErrorCode.CONFIGURATION_SNAPSHOT_LISTING, "Error Listing Snapshots.");
        put(KuraErrorCode.CONFIGURATION_SNAPSHOT_LOADING, "Error Loading Snapshot");
        put(KuraErrorCode.CONFIGURATION_SNAPSHOT_TAKING, "Error Taking Snapshot.");
        put(KuraErrorCode.CONFIGURATION_ROLLBACK, "Error rolling back to snapshot.");
        put(KuraErrorCode.PARTIAL_SUCCESS, "The operation succeeded only partially.");
        put(KuraErrorCode.NOT_CONNECTED, "Not connected.");
        put(KuraErrorCode.TIMED_OUT, "Timeout occurred while waiting for the operation to complete.");
        // Kura's bundle quotes these five values; the quotes are part of the message
        put(KuraErrorCode.CONNECTION_FAILED, "\"Connection failed. {0}\"");
        put(KuraErrorCode.TOO_MANY_INFLIGHT_MESSAGES, "\"Too many in-flight messages.\"");
        put(KuraErrorCode.STORE_ERROR, "\"Error performing operation on store. {0}\"");
        put(KuraErrorCode.ENCODE_ERROR, "\"Error encoding {0}.\"");
        put(KuraErrorCode.DECODER_ERROR, "\"Error decoding {0}.\"");
        put(KuraErrorCode.INVALID_METRIC_EXCEPTION, "Metric {0} is invalid.");
        put(KuraErrorCode.INVALID_MESSAGE_EXCEPTION, "Message or its encoding is invalid.");
        put(KuraErrorCode.UNAVAILABLE_DEVICE, "Device {0} is unavailable.");
        put(KuraErrorCode.CLOSED_DEVICE, "Device {0} is closed.");
        put(KuraErrorCode.GPIO_EXCEPTION, "Error accessing GPIO resource. {0}");
        put(KuraErrorCode.OS_COMMAND_ERROR, "Command ''{0}'' exited with code {1}.");
        put(KuraErrorCode.PROCESS_EXECUTION_ERROR, "Unable to execute system process {0}");
        put(KuraErrorCode.SUBSCRIPTION_ERROR, "Error processing subscription for {0}");
        put(KuraErrorCode.BLE_NOTIFICATION_ERROR, "Error during BLE notification.");
        put(KuraErrorCode.BLE_CONNECTION_ERROR, "Error during BLE connection.");
        put(KuraErrorCode.BLE_PAIR_ERROR, "Error during BLE pairing.");
        put(KuraErrorCode.BLE_RESOURCE_NOT_FOUND, "BLE resource not found.");
        put(KuraErrorCode.BLE_IO_ERROR, "Error during BLE IO activity.");
        put(KuraErrorCode.BLE_COMMAND_ERROR, "Error executing ''{0}'' command.");
        put(KuraErrorCode.BLE_DISCOVERY_ERROR, "Error during discovery procedure.");
        put(KuraErrorCode.SERIAL_PORT_INVALID_CONFIGURATION, "The serial port ha an invalid configuration. {0}");
        put(KuraErrorCode.SERIAL_PORT_NOT_EXISTING, "The serial port does not exist. {0}");
        put(KuraErrorCode.OPERATION_NOT_SUPPORTED, "Operation {0} not supported.");
        put(KuraErrorCode.INVALID_PARAMETER, "Invalid parameter. {0}");
        put(KuraErrorCode.BLE_REMOVE_ERROR, "Error during device remove.");
        put(KuraErrorCode.BAD_REQUEST, "Bad request. {0}");
        put(KuraErrorCode.NOT_FOUND, "Not found.");
        put(KuraErrorCode.SERVICE_UNAVAILABLE, "Service unavailable. {0}.");
        put(KuraErrorCode.DISCONNECTION_FAILED, "Disconnection failed.");
    }

    private ErrorMessages() {
    }

    private static void put(KuraErrorCode code, String pattern) {
        PATTERNS.put(code, pattern);
    }

    static String format(KuraErrorCode code, Object[] arguments) {
        String pattern = code == null ? null : PATTERNS.get(code);
        if (pattern == null) {
            // a missing {1} stays in the pattern and is filled from the arguments below, as in Kura
            pattern = MessageFormat.format(GENERIC, code == null ? "Unknown" : code.name());
        }
        Object[] args = arguments;
        if ((code == null || code == KuraErrorCode.INTERNAL_ERROR) && args != null && args.length > 1) {
            StringBuilder all = new StringBuilder();
            for (Object arg : args) {
                all.append(" - ").append(arg);
            }
            args = new Object[] { all.toString() };
        }
        return MessageFormat.format(pattern, args);
    }
}
