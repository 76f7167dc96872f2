package org.eclipse.kura.configuration.metatype;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An object class definition: the attributes a component's configuration has.
 */
@ProviderType
public interface OCD {

    /**
     * @return the attribute definitions
     */
    public List<AD> getAD();

    /**
     * @return the icons
     */
    public List<Icon> getIcon();

    /**
     * @return the name shown to users
     */
    public String getName();

    /**
     * @return the description
     */
    public String getDescription();

    /**
     * @return the id, which for Kura is the component's PID
     */
    public String getId();
}
