package io.holdfast.backend.store.impl;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A configuration annotation instance from a map (keys as DS maps them: {@code jdbc_url} is {@code jdbc.url}). */
public final class Configs {

    private Configs() {
    }

    public static <A> A of(Class<A> type, Map<String, ?> values) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
            String key = m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            if (values.containsKey(key)) {
                Object v = values.get(key);
                if (m.getReturnType() == int.class && v instanceof String s) {
                    return Integer.parseInt(s);
                }
                return v;
            }
            if (m.getDefaultValue() != null) {
                return m.getDefaultValue();
            }
            if (m.getName().equals("annotationType")) {
                return type;
            }
            if (m.getName().equals("toString")) {
                return type.getSimpleName() + values;
            }
            if (m.getName().equals("hashCode")) {
                return System.identityHashCode(p);
            }
            if (m.getName().equals("equals")) {
                return p == args[0];
            }
            throw new IllegalArgumentException("no value for " + key);
        });
        return type.cast(proxy);
    }
}
