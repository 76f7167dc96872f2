package org.eclipse.kura.configuration.metatype;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An attribute definition of an {@link OCD}.
 */
@ProviderType
public interface AD {

    /**
     * @return the options of a drop-down, empty if there are none
     */
    public List<Option> getOption();

    /**
     * @return the name shown to users
     */
    public String getName();

    /**
     * @return the description
     */
    public String getDescription();

    /**
     * @return the id, the configuration property's name
     */
    public String getId();

    /**
     * @return the type
     */
    public Scalar getType();

    /**
     * @return the cardinality: 0 for a single value, otherwise the most values allowed
     */
    public int getCardinality();

    /**
     * @return the minimum, or {@code null}
     */
    public String getMin();

    /**
     * @return the maximum, or {@code null}
     */
    public String getMax();

    /**
     * @return the default, comma-separated for several values, or {@code null}
     */
    public String getDefault();

    /**
     * @return whether a value is required
     */
    public boolean isRequired();
}
