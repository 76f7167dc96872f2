package io.holdfast.configuration.impl;

import io.holdfast.configuration.impl.ConfigurationServiceImpl.Tracked;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** The MetaType definitions of the framework's bundles. */
final class MetaTypes {
    private final BundleContext context;
    private final org.osgi.service.metatype.MetaTypeService metaType;

    MetaTypes(BundleContext context, org.osgi.service.metatype.MetaTypeService metaType) {
        this.context = context;
        this.metaType = metaType;
    }

    Set<String> factoryPids() {
        Set<String> out = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            var info = metaType.getMetaTypeInformation(b);
            if (info != null && info.getFactoryPids() != null) {
                out.addAll(Arrays.asList(info.getFactoryPids()));
            }
        }
        return out;
    }

    org.osgi.service.metatype.ObjectClassDefinition ocd(Tracked t) {
        String pid = t.factoryPid() != null ? t.factoryPid() : t.servicePid();
        var found = ocd(t.ref().getBundle(), pid);
        return found != null ? found : ocd(pid);
    }

    /** The definition of a PID or factory PID in any bundle, or {@code null}. */
    org.osgi.service.metatype.ObjectClassDefinition ocd(String pid) {
        if (pid == null) {
            return null;
        }
        for (Bundle b : context.getBundles()) {
            var found = ocd(b, pid);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private org.osgi.service.metatype.ObjectClassDefinition ocd(Bundle b, String pid) {
        if (b == null) {
            return null;
        }
        var info = metaType.getMetaTypeInformation(b);
        if (info == null || !contains(info.getPids(), pid) && !contains(info.getFactoryPids(), pid)) {
            return null;
        }
        try {
            return info.getObjectClassDefinition(pid, null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean contains(String[] pids, String pid) {
        return pids != null && Arrays.asList(pids).contains(pid);
    }
}
