package io.holdfast.api.status;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service of a component that reports status: links, devices, backlogs or rates.
 * <p>
 * {@link #status()} is called by readers (the OLED every few seconds, the console on each page view), so it must be
 * cheap and must not block on I/O.
 */
@ConsumerType
public interface StatusProvider {

    /**
     * The part of the gateway status this component knows.
     *
     * @return a partial status, never {@code null}
     */
    GatewayStatus status();
}
