package org.eclipse.kura.cloudconnection;

/**
 * Property names shared by cloud connection components.
 */
public enum CloudConnectionConstants {
    /** Property of a publisher or subscriber naming the PID of its cloud endpoint. */
    CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME("cloud.endpoint.service.pid"),
    /** Property of a cloud endpoint naming the PID of the factory that created it. */
    CLOUD_CONNECTION_FACTORY_PID_PROP_NAME("cloud.connection.factory.pid");

    private final String value;

    CloudConnectionConstants(String value) {
        this.value = value;
    }

    /** @return the property name */
    public String value() {
        return value;
    }
}
