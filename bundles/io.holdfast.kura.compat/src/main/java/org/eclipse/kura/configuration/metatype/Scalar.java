package org.eclipse.kura.configuration.metatype;

/**
 * The types of an {@link AD}, with their metatype names.
 */
public enum Scalar {
    STRING("String"), LONG("Long"), DOUBLE("Double"), FLOAT("Float"), INTEGER("Integer"), BYTE("Byte"), CHAR("Char"),
    BOOLEAN("Boolean"), SHORT("Short"), PASSWORD("Password");

    private final String value;

    Scalar(String v) {
        this.value = v;
    }

    /**
     * @return the metatype name of the type
     */
    public String value() {
        return this.value;
    }

    /**
     * Finds a type by its metatype name; {@code "Character"} (any case) is {@link #CHAR}.
     *
     * @param v
     *            the name
     *
     * @return the type
     *
     * @throws IllegalArgumentException
     *             if no type has that name
     */
    public static Scalar fromValue(String v) {
        if ("character".equalsIgnoreCase(v)) {
            return CHAR;
        }
        for (Scalar c : Scalar.values()) {
            if (c.value.equals(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException(v);
    }
}
