package io.holdfast.configuration.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the standalone ConfigurationService; its id is the component name and the PID. */
@ObjectClassDefinition(id = ConfigurationServiceImpl.PID, name = "Holdfast configuration service", description = "Kura's "
        + "ConfigurationService for the standalone runtime: configurations through Config Admin, snapshots in "
        + "<data dir>/snapshots.")
public @interface ConfigurationServiceConfig {

    /** How many snapshots to keep. */
    @AttributeDefinition(name = "Snapshots kept", min = "1", description = "The newest snapshots kept on disk; older "
            + "ones are deleted when a new one is written.")
    int snapshots_keep() default 10;
}
