package io.holdfast.cloud.mqtt.impl;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Configuration annotation instances for tests: the annotation's defaults, overridden by method name. */
final class Configs {

    private Configs() {
    }

    static <A> A of(Class<A> type, Object... overrides) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            values.put((String) overrides[i], overrides[i + 1]);
        }
        for (String k : values.keySet()) {
            try {
                type.getMethod(k);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("no attribute " + k + " in " + type.getSimpleName());
            }
        }
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> value(method, values)));
    }

    private static Object value(Method m, Map<String, Object> values) {
        if (values.containsKey(m.getName())) {
            return values.get(m.getName());
        }
        if (m.getName().equals("annotationType")) {
            return m.getDeclaringClass();
        }
        if (m.getName().equals("toString")) {
            return "config" + values;
        }
        if (m.getName().equals("equals")) {
            return false;
        }
        if (m.getName().equals("hashCode")) {
            return values.hashCode();
        }
        return m.getDefaultValue();
    }
}
