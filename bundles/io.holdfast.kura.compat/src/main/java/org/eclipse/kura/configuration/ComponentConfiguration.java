package org.eclipse.kura.configuration;

import java.util.Map;

import org.eclipse.kura.configuration.metatype.OCD;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The configuration of one component: its PID, its metatype definition and its properties.
 */
@ProviderType
public interface ComponentConfiguration {

    /**
     * @return the PID of the component
     */
    public String getPid();

    /**
     * @return the component's metatype definition, or {@code null} if it has none
     */
    public OCD getDefinition();

    /**
     * @return the configuration properties
     */
    public Map<String, Object> getConfigurationProperties();
}
