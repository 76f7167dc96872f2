package org.eclipse.kura.configuration.metatype;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One choice of an {@link AD}'s drop-down.
 */
@ProviderType
public interface Option {

    /**
     * @return the label shown to users
     */
    public String getLabel();

    /**
     * @return the value stored
     */
    public String getValue();
}
