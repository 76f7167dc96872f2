package io.holdfast.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.testkit.Manifests;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * KURA-CONTRACT.md section 4, checked on the built jars of every gateway bundle: what Kura's configuration pages and
 * Cloud Connections page need from the metatype and DS descriptions. Every violation is listed, one line each.
 */
public class KuraMetatypeRulesIT {
    private static final String CONFIGURABLE = "org.eclipse.kura.configuration.ConfigurableComponent";
    private static final String FACTORY = "org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory";
    private static final Set<String> CLOUD_CLIENTS = Set.of("org.eclipse.kura.cloudconnection.publisher.CloudPublisher",
            "org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber");
    private static final int KURA_UI_MAX_VALUES = 10;

    /** A DS component description: name, configuration policy, provided interfaces and properties. */
    record Ds(String bundle, String name, String policy, Set<String> provides, Map<String, List<String>> props) {
    }

    /** A metatype Designate: the pid or factory pid, whether it is a factory, the OCD it refers to. */
    record Designate(String file, String pid, boolean factory, String ocdref) {
    }

    @Test
    public void metatypeAndComponentDescriptionsFollowKurasRules() throws Exception {
        List<String> violations = new ArrayList<>();
        List<Ds> components = new ArrayList<>();
        Map<String, Designate> designates = new HashMap<>();
        int metatypes = 0;
        for (File jar : GatewayBundles.holdfastBundles()) {
            String bsn = Manifests.symbolicName(jar);
            try (JarFile j = new JarFile(jar)) {
                String header = j.getManifest().getMainAttributes().getValue("Service-Component");
                for (String entry : header == null ? new String[0] : header.split(",")) {
                    components.add(component(bsn, parse(j, entry.trim())));
                }
                for (ZipEntry e : j.stream().filter(e -> e.getName().matches("OSGI-INF/metatype/[^/]+\\.xml"))
                        .toList()) {
                    metatypes++;
                    metatype(bsn + " " + e.getName(), parse(j, e.getName()), designates, violations);
                }
            }
        }
        assertThat(metatypes).as("metatype files in the gateway bundles").isGreaterThan(0);

        Map<String, Ds> byName = new HashMap<>();
        components.forEach(c -> byName.put(c.name(), c));
        designates.values().forEach(d -> {
            if (!byName.containsKey(d.pid())) {
                violations.add(d.file() + ": Designate " + d.pid() + " names no DS component of the gateway bundles");
            }
        });
        Set<String> factoryPids = new TreeSet<>();
        components.stream().filter(c -> c.provides().contains(FACTORY)).forEach(
                c -> factoryPids.addAll(c.props().getOrDefault("kura.cloud.connection.factory.pid", List.of())));
        for (Ds c : components) {
            String where = c.bundle() + " component " + c.name();
            if (c.provides().contains(CONFIGURABLE)) {
                Designate d = designates.get(c.name());
                if (d == null) {
                    violations.add(where + ": a ConfigurableComponent without a metatype Designate for its name");
                } else if (d.factory()) {
                    // every instance made from a factory configuration has the configuration's service.pid and the
                    // kura.service.pid its creator set; only a component that ignores configurations has neither
                    if ("ignore".equals(c.policy())) {
                        violations.add(where + ": a factory ConfigurableComponent must take its configuration"
                                + " (configuration-policy require or optional), which carries service.pid and"
                                + " kura.service.pid");
                    }
                } else {
                    requireProperty(where, c, "service.pid", c.name(), violations);
                    requireProperty(where, c, "kura.service.pid", c.name(), violations);
                }
            }
            if (c.provides().stream().anyMatch(CLOUD_CLIENTS::contains)) {
                requireProperty(where, c, "service.pid", c.name(), violations);
                List<String> f = c.props().get("cloud.connection.factory.pid");
                if (f == null || f.size() != 1 || !factoryPids.contains(f.get(0))) {
                    violations.add(where + ": a cloud publisher or subscriber needs cloud.connection.factory.pid, the"
                            + " kura.cloud.connection.factory.pid of a CloudConnectionFactory " + factoryPids
                            + ", to be created from Kura's Cloud Connections page (it has " + f + ")");
                }
            }
        }
        assertThat(violations).as("violations of Kura's metatype and DS rules").isEmpty();
    }

    private static void requireProperty(String where, Ds c, String name, String value, List<String> violations) {
        List<String> v = c.props().get(name);
        if (v == null || !v.equals(List.of(value))) {
            violations.add(where + ": needs the DS property " + name + "=" + value + " (it has " + v + ")");
        }
    }

    private static void metatype(String file, Document doc, Map<String, Designate> designates,
            List<String> violations) {
        Element root = doc.getDocumentElement();
        Map<String, Element> ocds = new LinkedHashMap<>();
        for (Element e : descendants(root)) {
            if (e.getPrefix() != null) {
                violations.add(file + ": child element " + e.getTagName() + " has a namespace prefix");
            }
            if ("OCD".equals(e.getLocalName())) {
                ocds.put(e.getAttribute("id"), e);
            }
        }
        for (Element d : children(root, "Designate")) {
            boolean factory = d.hasAttribute("factoryPid") && !d.getAttribute("factoryPid").isEmpty();
            String pid = factory ? d.getAttribute("factoryPid") : d.getAttribute("pid");
            List<Element> objects = children(d, "Object");
            String ocdref = objects.isEmpty() ? null : objects.get(0).getAttribute("ocdref");
            if (!pid.equals(ocdref) || !ocds.containsKey(ocdref)) {
                violations
                        .add(file + ": Designate " + pid + " refers to OCD " + ocdref + "; the Designate's pid, the OCD"
                                + " id and the component name must be one string and the OCD must be in the file");
            }
            designates.put(pid, new Designate(file, pid, factory, ocdref));
        }
        ocds.forEach((id, ocd) -> {
            for (Element ad : children(ocd, "AD")) {
                String where = file + ": AD " + id + "/" + ad.getAttribute("id");
                boolean required = !"false".equals(ad.getAttribute("required"));
                // an AD without a default is one the user must fill in (a factory instance's device, say); an empty one
                // is an optional value that Kura's form would refuse to save
                if (required && ad.hasAttribute("default") && ad.getAttribute("default").isEmpty()) {
                    violations.add(where + ": an empty default must be required=\"false\" (Kura's form cannot save a"
                            + " required attribute empty, and does not seed an empty default)");
                }
                String card = ad.getAttribute("cardinality");
                if (!card.isEmpty() && Math.abs(Long.parseLong(card)) > KURA_UI_MAX_VALUES) {
                    violations.add(where + ": cardinality " + card + " exceeds the " + KURA_UI_MAX_VALUES
                            + " values Kura's form edits; use a comma-separated string or at most 10 values");
                }
            }
        });
    }

    private static Ds component(String bsn, Document doc) {
        Element root = doc.getDocumentElement();
        Set<String> provides = new TreeSet<>();
        for (Element s : children(root, "service")) {
            children(s, "provide").forEach(p -> provides.add(p.getAttribute("interface")));
        }
        Map<String, List<String>> props = new HashMap<>();
        for (Element p : children(root, "property")) {
            List<String> values = new ArrayList<>();
            if (p.hasAttribute("value")) {
                values.add(p.getAttribute("value"));
            } else {
                for (String line : p.getTextContent().split("\n")) {
                    if (!line.trim().isEmpty()) {
                        values.add(line.trim());
                    }
                }
            }
            props.put(p.getAttribute("name"), values);
        }
        String policy = root.hasAttribute("configuration-policy") ? root.getAttribute("configuration-policy")
                : "optional";
        return new Ds(bsn, root.getAttribute("name"), policy, provides, props);
    }

    private static Document parse(JarFile jar, String entry) throws Exception {
        ZipEntry e = jar.getEntry(entry);
        if (e == null) {
            throw new IOException(jar.getName() + " has no " + entry);
        }
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        try (InputStream in = jar.getInputStream(e)) {
            return f.newDocumentBuilder().parse(in);
        }
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> descendants(Element root) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = root.getElementsByTagName("*");
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }
}
