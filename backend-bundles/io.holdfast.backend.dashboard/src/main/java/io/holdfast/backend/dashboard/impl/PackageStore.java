package io.holdfast.backend.dashboard.impl;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Uploaded deployment packages: {@code
 *
<dir>
 * /<id>/<name>_<version>.dp} and {@code
 *
<dir>
 * /<id>/package.json}. The id is random (128 bits): gateways download {@code /dashboard/dp/<id>/<file>} without a
 * login, so the URL is the capability, and the SHA-256 they are told to check is what makes the content trustworthy.
 */
final class PackageStore {

    /** One uploaded package. */
    record Package(String id, String name, String version, String file, long size, String sha256, long uploadedAt,
            String uploadedBy) {
    }

    /** A refused upload. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        RefusedException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static final Gson GSON = new Gson();
    private final Path dir;
    private final long maxBytes;

    PackageStore(Path dir, long maxBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxBytes = maxBytes;
    }

    Package store(InputStream in, String actor) throws IOException, RefusedException {
        Path tmp = Files.createTempFile(dir, "upload", ".part");
        try {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long size = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0;) {
                    size += n;
                    if (size > maxBytes) {
                        throw new RefusedException(413, "the package is larger than " + maxBytes + " bytes");
                    }
                    out.write(buf, 0, n);
                }
            }
            String name;
            String version;
            try (JarInputStream jar = new JarInputStream(Files.newInputStream(tmp))) {
                Manifest mf = jar.getManifest();
                name = mf == null ? null : mf.getMainAttributes().getValue("DeploymentPackage-SymbolicName");
                version = mf == null ? null : mf.getMainAttributes().getValue("DeploymentPackage-Version");
            } catch (IOException | SecurityException e) {
                name = null;
                version = null;
            }
            if (name == null || version == null || !name.matches("[A-Za-z0-9_.-]+")
                    || !version.matches("[A-Za-z0-9_.-]+")) {
                throw new RefusedException(400,
                        "not a deployment package (no DeploymentPackage-SymbolicName and -Version in its manifest)");
            }
            String id = Sessions.random(16).replace('-', 'x').replace('_', 'y');
            Path pkgDir = Files.createDirectories(dir.resolve(id));
            String file = name + "_" + version + ".dp";
            Files.move(tmp, pkgDir.resolve(file), StandardCopyOption.ATOMIC_MOVE);
            Package p = new Package(id, name, version, file, size, HexFormat.of().formatHex(sha.digest()),
                    System.currentTimeMillis(), actor);
            Files.writeString(pkgDir.resolve("package.json"), GSON.toJson(p));
            return p;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    List<Package> list() throws IOException {
        List<Package> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path meta = p.resolve("package.json");
                if (Files.isRegularFile(meta)) {
                    out.add(read(meta));
                }
            }
        }
        out.sort(Comparator.comparingLong(Package::uploadedAt).reversed());
        return out;
    }

    Optional<Package> find(String id) throws IOException {
        if (id == null || !id.matches("[A-Za-z0-9]{16,32}")) {
            return Optional.empty();
        }
        Path meta = dir.resolve(id).resolve("package.json");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        return Optional.of(read(meta));
    }

    /** Gson 2.9 (the runtime's) writes records but cannot create them: read field by field. */
    private static Package read(Path meta) throws IOException {
        com.google.gson.JsonObject o = com.google.gson.JsonParser
                .parseString(Files.readString(meta, StandardCharsets.UTF_8)).getAsJsonObject();
        return new Package(o.get("id").getAsString(), o.get("name").getAsString(), o.get("version").getAsString(),
                o.get("file").getAsString(), o.get("size").getAsLong(), o.get("sha256").getAsString(),
                o.get("uploadedAt").getAsLong(), o.get("uploadedBy").getAsString());
    }

    Path file(Package p) {
        return dir.resolve(p.id()).resolve(p.file());
    }
}
