package io.holdfast.configuration.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.eclipse.kura.configuration.ComponentConfiguration;
import org.eclipse.kura.configuration.Password;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The snapshot files: {@code
 *
<dir>
 * /snapshot_<id>.xml} in the XML format of Kura's own snapshots (an {@code esf:configurations} document with one
 * {@code esf:configuration pid="..."} per component and one {@code esf:property name type array encrypted} per property
 * holding its {@code esf:value}s), where the id is the time of the snapshot in ms since the epoch. A file is written
 * under a temporary name, forced to disk and renamed, so a reader sees a whole snapshot or none; only the newest
 * {@code keep} files are kept.
 */
final class Snapshots {
    static final String ESF = "http://eurotech.com/esf/2.0";
    static final String OCD = "http://www.osgi.org/xmlns/metatype/v1.2.0";
    private static final Pattern NAME = Pattern.compile("snapshot_(\\d+)\\.xml");

    private final Path dir;
    private final int keep;
    private long lastId;

    Snapshots(Path dir, int keep) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
    }

    Path directory() {
        return dir;
    }

    Path file(long id) {
        return dir.resolve("snapshot_" + id + ".xml");
    }

    /** The ids of the snapshots on disk, oldest first. */
    synchronized TreeSet<Long> ids() throws IOException {
        TreeSet<Long> ids = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "snapshot_*.xml")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        return ids;
    }

    /**
     * Writes a snapshot and removes the oldest beyond {@code keep}.
     *
     * @return its id, later than every id on disk
     */
    synchronized long write(List<ComponentConfiguration> configs) throws IOException {
        Files.createDirectories(dir);
        TreeSet<Long> existing = ids();
        long id = Math.max(System.currentTimeMillis(), Math.max(lastId, existing.isEmpty() ? 0 : existing.last()) + 1);
        lastId = id;
        Path target = file(id);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            write(configs, out);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        existing.add(id);
        while (existing.size() > keep) {
            Files.deleteIfExists(file(existing.pollFirst()));
        }
        return id;
    }

    /** Reads a snapshot; the configurations have no definition. */
    synchronized List<ComponentConfiguration> read(long id) throws IOException {
        try (InputStream in = Files.newInputStream(file(id))) {
            return read(in);
        }
    }

    static void write(List<ComponentConfiguration> configs, OutputStream out) throws IOException {
        try {
            Document doc = newBuilder().newDocument();
            Element root = doc.createElementNS(ESF, "esf:configurations");
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:ocd", OCD);
            doc.appendChild(root);
            for (ComponentConfiguration c : configs) {
                Element conf = child(root, "esf:configuration");
                conf.setAttribute("pid", c.getPid());
                Element props = child(conf, "esf:properties");
                Map<String, Object> p = c.getConfigurationProperties();
                for (Map.Entry<String, Object> e : p == null ? Map.<String, Object> of().entrySet() : p.entrySet()) {
                    if (e.getValue() != null) {
                        property(props, e.getKey(), e.getValue());
                    }
                }
            }
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "4");
            t.transform(new DOMSource(doc), new StreamResult(out));
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IOException("cannot write a snapshot: " + e.getMessage(), e);
        }
    }

    private static void property(Element props, String name, Object value) {
        boolean array = value.getClass().isArray() || value instanceof Collection;
        List<Object> values = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            values.addAll(c);
        } else if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                values.add(Array.get(value, i));
            }
        } else {
            values.add(value);
        }
        values.removeIf(v -> v == null);
        String type = values.isEmpty() ? elementType(value) : typeOf(values.get(0));
        Element p = child(props, "esf:property");
        p.setAttribute("name", name);
        p.setAttribute("array", Boolean.toString(array));
        p.setAttribute("encrypted", "false");
        p.setAttribute("type", type);
        for (Object v : values) {
            child(p, "esf:value")
                    .setTextContent(v instanceof Password pw ? new String(pw.getPassword()) : v.toString());
        }
    }

    private static String elementType(Object array) {
        Class<?> c = array.getClass().getComponentType();
        return c == null ? "String" : typeOf(c);
    }

    static String typeOf(Object v) {
        return typeOf(v.getClass());
    }

    private static String typeOf(Class<?> c) {
        if (c == Long.class || c == long.class) {
            return "Long";
        } else if (c == Integer.class || c == int.class) {
            return "Integer";
        } else if (c == Short.class || c == short.class) {
            return "Short";
        } else if (c == Byte.class || c == byte.class) {
            return "Byte";
        } else if (c == Double.class || c == double.class) {
            return "Double";
        } else if (c == Float.class || c == float.class) {
            return "Float";
        } else if (c == Boolean.class || c == boolean.class) {
            return "Boolean";
        } else if (c == Character.class || c == char.class) {
            return "Char";
        } else if (c == Password.class) {
            return "Password";
        }
        return "String";
    }

    static List<ComponentConfiguration> read(InputStream in) throws IOException {
        Document doc;
        try {
            doc = newBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not a snapshot: " + e.getMessage(), e);
        }
        List<ComponentConfiguration> out = new ArrayList<>();
        for (Element conf : children(doc.getDocumentElement(), "configuration")) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (Element list : children(conf, "properties")) {
                for (Element p : children(list, "property")) {
                    List<String> values = new ArrayList<>();
                    children(p, "value").forEach(v -> values.add(v.getTextContent()));
                    props.put(p.getAttribute("name"),
                            decode(p.getAttribute("type"), Boolean.parseBoolean(p.getAttribute("array")), values));
                }
            }
            out.add(new SimpleComponentConfiguration(conf.getAttribute("pid"), null, props));
        }
        return out;
    }

    /** A property's value as Config Admin takes it: a boxed value, or an array of them (Password as String). */
    static Object decode(String type, boolean array, List<String> values) throws IOException {
        Class<?> element = switch (type) {
        case "Long" -> Long.class;
        case "Integer" -> Integer.class;
        case "Short" -> Short.class;
        case "Byte" -> Byte.class;
        case "Double" -> Double.class;
        case "Float" -> Float.class;
        case "Boolean" -> Boolean.class;
        case "Char" -> Character.class;
        case "String", "Password" -> String.class;
        default -> throw new IOException("unknown property type " + type);
        };
        Object result = Array.newInstance(element, values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(result, i, parse(element, values.get(i)));
        }
        if (array) {
            return result;
        }
        if (values.size() != 1) {
            throw new IOException("a " + type + " property that is not an array has " + values.size() + " values");
        }
        return Array.get(result, 0);
    }

    private static Object parse(Class<?> type, String raw) throws IOException {
        try {
            return Definitions.parse(type, raw);
        } catch (IllegalArgumentException e) {
            throw new IOException("'" + raw + "' is not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static DocumentBuilder newBuilder() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder();
    }

    private static Element child(Element parent, String qname) {
        Element e = parent.getOwnerDocument().createElementNS(ESF, qname);
        parent.appendChild(e);
        return e;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && localName.equals(e.getLocalName()) && ESF.equals(e.getNamespaceURI())) {
                out.add(e);
            }
        }
        return out;
    }
}
