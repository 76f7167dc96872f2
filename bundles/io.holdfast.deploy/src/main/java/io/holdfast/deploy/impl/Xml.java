package io.holdfast.deploy.impl;

import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.osgi.framework.Bundle;

/** The bodies of DEPLOY-V2's GET/packages and GET/bundles, in the XML Kura answers with. */
final class Xml {
    private Xml() {
    }

    /** {@code <packages><package><name/><version/><bundles><bundle>...</bundle></bundles></package></packages>}. */
    static String packages(List<Deployer.Installed> packages) {
        return write(w -> {
            w.writeStartElement("packages");
            for (Deployer.Installed p : packages) {
                w.writeStartElement("package");
                element(w, "name", p.name());
                element(w, "version", p.version().toString());
                w.writeStartElement("bundles");
                for (Bundle b : p.bundles()) {
                    bundle(w, b);
                }
                w.writeEndElement();
                w.writeEndElement();
            }
            w.writeEndElement();
        });
    }

    /** {@code <bundles><bundle><name/><version/><id/><state/></bundle>...</bundles>}. */
    static String bundles(Bundle[] bundles) {
        return write(w -> {
            w.writeStartElement("bundles");
            for (Bundle b : bundles) {
                bundle(w, b);
            }
            w.writeEndElement();
        });
    }

    static String state(Bundle b) {
        return switch (b.getState()) {
        case Bundle.INSTALLED -> "INSTALLED";
        case Bundle.RESOLVED -> "RESOLVED";
        case Bundle.STARTING -> "STARTING";
        case Bundle.STOPPING -> "STOPPING";
        case Bundle.ACTIVE -> "ACTIVE";
        default -> "UNINSTALLED";
        };
    }

    private static void bundle(XMLStreamWriter w, Bundle b) throws XMLStreamException {
        w.writeStartElement("bundle");
        element(w, "name", b.getSymbolicName() == null ? "" : b.getSymbolicName());
        element(w, "version", b.getVersion().toString());
        element(w, "id", Long.toString(b.getBundleId()));
        element(w, "state", state(b));
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            body.write(w);
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
