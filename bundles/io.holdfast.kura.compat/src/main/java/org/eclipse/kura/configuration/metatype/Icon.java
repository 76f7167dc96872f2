package org.eclipse.kura.configuration.metatype;

import java.math.BigInteger;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An icon of an {@link OCD}.
 */
@ProviderType
public interface Icon {

    /**
     * @return the resource holding the image
     */
    public String getResource();

    /**
     * @return the size in pixels
     */
    public BigInteger getSize();
}
