package io.holdfast.configuration.impl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.kura.configuration.ComponentConfiguration;
import org.eclipse.kura.configuration.metatype.OCD;

/** A component's PID, definition (or {@code null}) and properties, as {@link ComponentConfiguration} hands them out. */
final class SimpleComponentConfiguration implements ComponentConfiguration {
    private final String pid;
    private final OCD definition;
    private final Map<String, Object> properties;

    SimpleComponentConfiguration(String pid, OCD definition, Map<String, Object> properties) {
        this.pid = pid;
        this.definition = definition;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    @Override
    public String getPid() {
        return pid;
    }

    @Override
    public OCD getDefinition() {
        return definition;
    }

    @Override
    public Map<String, Object> getConfigurationProperties() {
        return properties;
    }

    @Override
    public String toString() {
        return "ComponentConfiguration[" + pid + ", " + properties.size() + " properties]";
    }
}
