package io.holdfast.configuration.impl;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.configuration.Password;
import org.eclipse.kura.configuration.metatype.AD;
import org.eclipse.kura.configuration.metatype.Icon;
import org.eclipse.kura.configuration.metatype.OCD;
import org.eclipse.kura.configuration.metatype.Option;
import org.eclipse.kura.configuration.metatype.Scalar;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * A MetaType object class definition seen as Kura sees it: an {@link OCD} view, the defaults Kura seeds (an empty
 * default is not seeded), and the validation Kura applies before an update (required attributes present, every value
 * accepted by {@link AttributeDefinition#validate(String)}).
 */
final class Definitions {

    private Definitions() {
    }

    static OCD view(ObjectClassDefinition ocd) {
        if (ocd == null) {
            return null;
        }
        List<AD> ads = new ArrayList<>();
        List<String> required = ids(ocd, ObjectClassDefinition.REQUIRED);
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
            ads.add(new AdView(ad, required.contains(ad.getID())));
        }
        List<AD> adList = Collections.unmodifiableList(ads);
        return new OCD() {
            @Override
            public List<AD> getAD() {
                return adList;
            }

            @Override
            public List<Icon> getIcon() {
                return List.of(); // MetaType gives icons as streams, not as resource names
            }

            @Override
            public String getName() {
                return ocd.getName();
            }

            @Override
            public String getDescription() {
                return ocd.getDescription();
            }

            @Override
            public String getId() {
                return ocd.getID();
            }
        };
    }

    private static List<String> ids(ObjectClassDefinition ocd, int filter) {
        AttributeDefinition[] ads = ocd.getAttributeDefinitions(filter);
        List<String> ids = new ArrayList<>();
        for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
            ids.add(ad.getID());
        }
        return ids;
    }

    /** Puts the definition's non-empty defaults into {@code into}, typed as Config Admin stores them. */
    static void mergeDefaults(ObjectClassDefinition ocd, Map<String, Object> into) {
        if (ocd == null) {
            return;
        }
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
            String[] d = ad.getDefaultValue();
            if (d == null || d.length == 0 || d.length == 1 && d[0].isEmpty()) {
                continue;
            }
            try {
                into.put(ad.getID(), typed(ad, List.of(d)));
            } catch (IllegalArgumentException e) {
                // a default the definition itself does not accept is not seeded
            }
        }
    }

    /**
     * Checks properties against a definition and converts strings given for typed attributes.
     *
     * @throws KuraException
     *             {@link KuraErrorCode#CONFIGURATION_REQUIRED_ATTRIBUTE_MISSING} or
     *             {@link KuraErrorCode#CONFIGURATION_ATTRIBUTE_INVALID}
     */
    static void validate(ObjectClassDefinition ocd, Map<String, Object> props) throws KuraException {
        if (ocd == null) {
            return;
        }
        List<String> required = ids(ocd, ObjectClassDefinition.REQUIRED);
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
            Object value = props.get(ad.getID());
            List<String> values = strings(value);
            if (values.stream().allMatch(String::isEmpty)) {
                // as in Kura's form, a required attribute cannot be empty; an optional one may be absent or empty
                if (required.contains(ad.getID())) {
                    throw new KuraException(KuraErrorCode.CONFIGURATION_REQUIRED_ATTRIBUTE_MISSING, ad.getID());
                }
                continue;
            }
            for (String s : values) {
                String problem = ad.validate(s);
                if (problem != null && !problem.isEmpty()) {
                    throw new KuraException(KuraErrorCode.CONFIGURATION_ATTRIBUTE_INVALID, ad.getID(), s, problem);
                }
            }
            if (value instanceof String || value instanceof String[]) {
                try {
                    props.put(ad.getID(), typed(ad, values));
                } catch (IllegalArgumentException e) {
                    throw new KuraException(KuraErrorCode.CONFIGURATION_ATTRIBUTE_INVALID, ad.getID(), value,
                            e.getMessage());
                }
            }
        }
    }

    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof Collection<?> c) {
            c.forEach(v -> out.add(string(v)));
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(string(Array.get(value, i)));
            }
        } else {
            out.add(string(value));
        }
        return out;
    }

    private static String string(Object v) {
        return v instanceof Password p ? new String(p.getPassword()) : String.valueOf(v);
    }

    /** The values as the attribute's type: one value, or an array when the cardinality is not 0. */
    static Object typed(AttributeDefinition ad, List<String> values) {
        Class<?> type = switch (ad.getType()) {
        case AttributeDefinition.LONG -> Long.class;
        case AttributeDefinition.INTEGER -> Integer.class;
        case AttributeDefinition.SHORT -> Short.class;
        case AttributeDefinition.CHARACTER -> Character.class;
        case AttributeDefinition.BYTE -> Byte.class;
        case AttributeDefinition.DOUBLE -> Double.class;
        case AttributeDefinition.FLOAT -> Float.class;
        case AttributeDefinition.BOOLEAN -> Boolean.class;
        default -> String.class;
        };
        Object array = Array.newInstance(type, values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(array, i, parse(type, values.get(i)));
        }
        return ad.getCardinality() == 0 && values.size() == 1 ? Array.get(array, 0) : array;
    }

    /**
     * One value of a scalar type, as Config Admin keeps it: numbers and booleans trimmed, strings and characters as
     * given.
     *
     * @throws IllegalArgumentException
     *             (a {@link NumberFormatException} for numbers) when the text is not such a value
     */
    static Object parse(Class<?> type, String raw) {
        String s = raw.trim();
        if (type == Long.class) {
            return Long.valueOf(s);
        } else if (type == Integer.class) {
            return Integer.valueOf(s);
        } else if (type == Short.class) {
            return Short.valueOf(s);
        } else if (type == Byte.class) {
            return Byte.valueOf(s);
        } else if (type == Double.class) {
            return Double.valueOf(s);
        } else if (type == Float.class) {
            return Float.valueOf(s);
        } else if (type == Boolean.class) {
            return Boolean.valueOf(s);
        } else if (type == Character.class) {
            if (raw.length() != 1) {
                throw new IllegalArgumentException("'" + raw + "' is not one character");
            }
            return raw.charAt(0);
        }
        return raw;
    }

    static Scalar scalar(int type) {
        return switch (type) {
        case AttributeDefinition.LONG -> Scalar.LONG;
        case AttributeDefinition.INTEGER -> Scalar.INTEGER;
        case AttributeDefinition.SHORT -> Scalar.SHORT;
        case AttributeDefinition.CHARACTER -> Scalar.CHAR;
        case AttributeDefinition.BYTE -> Scalar.BYTE;
        case AttributeDefinition.DOUBLE -> Scalar.DOUBLE;
        case AttributeDefinition.FLOAT -> Scalar.FLOAT;
        case AttributeDefinition.BOOLEAN -> Scalar.BOOLEAN;
        case AttributeDefinition.PASSWORD -> Scalar.PASSWORD;
        default -> Scalar.STRING;
        };
    }

    /** An attribute definition as Kura's {@link AD}; MetaType's API has no min and max, so they are {@code null}. */
    private static final class AdView implements AD {
        private final AttributeDefinition ad;
        private final boolean required;

        AdView(AttributeDefinition ad, boolean required) {
            this.ad = ad;
            this.required = required;
        }

        @Override
        public List<Option> getOption() {
            String[] labels = ad.getOptionLabels();
            String[] values = ad.getOptionValues();
            List<Option> out = new ArrayList<>();
            for (int i = 0; values != null && i < values.length; i++) {
                String label = labels != null && i < labels.length ? labels[i] : values[i];
                String value = values[i];
                out.add(new Option() {
                    @Override
                    public String getLabel() {
                        return label;
                    }

                    @Override
                    public String getValue() {
                        return value;
                    }
                });
            }
            return out;
        }

        @Override
        public String getName() {
            return ad.getName();
        }

        @Override
        public String getDescription() {
            return ad.getDescription();
        }

        @Override
        public String getId() {
            return ad.getID();
        }

        @Override
        public Scalar getType() {
            return scalar(ad.getType());
        }

        @Override
        public int getCardinality() {
            return ad.getCardinality();
        }

        @Override
        public String getMin() {
            return null;
        }

        @Override
        public String getMax() {
            return null;
        }

        @Override
        public String getDefault() {
            String[] d = ad.getDefaultValue();
            if (d == null) {
                return null;
            }
            List<String> escaped = new ArrayList<>();
            for (String s : d) {
                escaped.add(s.replace("\\", "\\\\").replace(",", "\\,"));
            }
            return String.join(",", escaped);
        }

        @Override
        public boolean isRequired() {
            return required;
        }
    }
}
