package io.holdfast.testkit;

import java.util.Map;
import org.osgi.util.converter.Converters;

/**
 * A component's configuration annotation from a map of properties, as Declarative Services hands it to the component's
 * constructor: the OSGi Converter maps property names to methods by DS's rules ({@code file.path} to
 * {@code file_path()}, {@code CloudPublisher.target} to {@code CloudPublisher_target()}), converts values (a String to
 * an enum or a long), and answers the annotation's defaults for what the map lacks. For unit tests that construct a
 * component directly.
 */
public final class ConfigAnnotations {

    private ConfigAnnotations() {
    }

    /**
     * The configuration a component would get for these properties.
     *
     * @param <A>
     *            the configuration annotation type
     * @param type
     *            the configuration annotation type
     * @param properties
     *            configuration properties by their PID property names
     *
     * @return an instance of {@code type}
     */
    public static <A> A of(Class<A> type, Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(type);
    }

    /**
     * The configuration with every default.
     *
     * @param <A>
     *            the configuration annotation type
     * @param type
     *            the configuration annotation type
     *
     * @return an instance of {@code type}
     */
    public static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }
}
