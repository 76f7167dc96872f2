package org.eclipse.kura.cloudconnection.request;

/**
 * Names of the properties of a request message that a cloud connection hands to a {@link RequestHandler}.
 */
public enum RequestHandlerMessageConstants {
    /** The property holding the request's resources, a {@code List<String>}: its name is {@code "args"}. */
    ARGS_KEY("args");

    private String value;

    RequestHandlerMessageConstants(final String value) {
        this.value = value;
    }

    /**
     * @return the property name
     */
    public String value() {
        return this.value;
    }
}
