package org.eclipse.kura.cloudconnection.request;

/**
 * Keys of the properties of a request message.
 */
public final class RequestHandlerMessageConstants {

    /** Property holding the request's resources: a {@code List<String>} of the topic levels after the method. */
    public static final String ARGS_KEY = "args";

    private RequestHandlerMessageConstants() {
    }
}
