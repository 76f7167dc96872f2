package org.eclipse.kura.cloudconnection.request;

/**
 * Keys of {@link RequestHandlerContext#getContextProperties()}: each key is the constant's {@code name()}. A cloud
 * connection supplies them so that handlers (Kura's own among them) can address their notifications.
 */
public enum RequestHandlerContextConstants {
    /** The account (tenant) the device belongs to. */
    TENANT_ID,
    /** The device's client id. */
    DEVICE_ID,
    /** The PID of the notification publisher of the request's connection. */
    NOTIFICATION_PUBLISHER_PID;
}
