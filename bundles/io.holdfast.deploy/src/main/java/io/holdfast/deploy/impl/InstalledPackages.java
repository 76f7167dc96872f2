package io.holdfast.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The packages installed through Holdfast, kept as Kura keeps them: the package files in one folder and a properties
 * file {@code <name>=file:<folder>/<name>_<version>.dp} that is read at boot to reinstall them. Written to a temporary
 * file and moved over the old one, so that a crash leaves the old list or the new one.
 */
final class InstalledPackages {
    static final String FILE = "dpa.properties";

    private final Path dir;
    private final Path list;

    InstalledPackages(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.list = dir.resolve(FILE);
    }

    Path dir() {
        return dir;
    }

    /** Name to package file, as recorded. */
    synchronized Map<String, Path> read() throws IOException {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.exists(list)) {
            return out;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(list)) {
            p.load(in);
        }
        for (String name : p.stringPropertyNames()) {
            String location = p.getProperty(name);
            out.put(name, Path.of(location.startsWith("file:") ? location.substring(5) : location));
        }
        return out;
    }

    /** Keeps a copy of an installed package's file and records it in place of the package's previous version. */
    synchronized Path record(PackageFile pkg) throws IOException {
        Path target = dir.resolve(pkg.canonicalFileName());
        if (!pkg.file().toAbsolutePath().equals(target.toAbsolutePath())) {
            Path tmp = dir.resolve(target.getFileName() + ".part");
            Files.copy(pkg.file(), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Map<String, Path> all = read();
        Path previous = all.put(pkg.name(), target);
        write(all);
        if (previous != null && !previous.toAbsolutePath().equals(target.toAbsolutePath())) {
            Files.deleteIfExists(previous);
        }
        return target;
    }

    /** Forgets an uninstalled package and deletes its file. */
    synchronized void remove(String name) throws IOException {
        Map<String, Path> all = read();
        Path previous = all.remove(name);
        write(all);
        if (previous != null) {
            Files.deleteIfExists(previous);
        }
    }

    private void write(Map<String, Path> all) throws IOException {
        Properties p = new Properties();
        all.forEach((k, v) -> p.setProperty(k, "file:" + v.toAbsolutePath()));
        Path tmp = dir.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "Deployment packages installed by Holdfast; reinstalled at boot");
        }
        Files.move(tmp, list, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
