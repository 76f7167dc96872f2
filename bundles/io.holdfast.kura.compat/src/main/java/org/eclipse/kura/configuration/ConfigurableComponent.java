package org.eclipse.kura.configuration;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Marker interface of a component whose configuration Kura manages and shows in its web console. The component is
 * registered as a service of this interface, has a {@code service.pid}, and describes its configuration with a metatype
 * file {@code OSGI-INF/metatype/<pid>.xml}.
 */
@ConsumerType
public interface ConfigurableComponent {
}
