package org.eclipse.kura.configuration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Kura's configuration service. Holdfast uses only its constants; the compatibility bundle provides no implementation.
 */
@ProviderType
public interface ConfigurationService {

    /** Configuration property holding the PID by which Kura knows a component. */
    String KURA_SERVICE_PID = "kura.service.pid";
}
