package io.holdfast.launcher;

import io.holdfast.launcher.common.DataDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The web console over HTTPS ({@code --https}): the operator's key store, or a self-signed certificate that the JDK's
 * {@code keytool} makes on the first start into {@code etc/https.p12}, with a random password kept beside it in
 * {@code etc/https.password} (both readable by the owner only). The passwords reach Jetty as framework properties,
 * which no console page lists.
 */
final class HttpsKeystore {

    static final String KEYSTORE = "https.p12";
    static final String PASSWORD = "https.password";

    /** The key store cannot be used or made; the message says why, in one line. */
    static final class KeystoreException extends Exception {
        private static final long serialVersionUID = 1L;

        KeystoreException(String message) {
            super(message);
        }
    }

    private HttpsKeystore() {
    }

    /**
     * The framework properties that make Felix HTTP serve HTTPS only, on {@code port}.
     *
     * @param etc
     *            the data directory's {@code etc/}
     * @param options
     *            {@code --https-keystore} and {@code --https-keystore-password-file}, when given
     */
    static Map<String, String> properties(Path etc, LauncherOptions options, int port) throws KeystoreException {
        Path keystore;
        String password;
        if (options.httpsKeystore() != null) {
            keystore = options.httpsKeystore();
            password = readPassword(options.httpsKeystorePasswordFile());
        } else {
            keystore = etc.resolve(KEYSTORE);
            password = selfSigned(keystore, etc.resolve(PASSWORD));
        }
        String type = keystore.getFileName().toString().endsWith(".jks") ? "JKS" : "PKCS12";
        check(keystore, type, password);
        Map<String, String> p = new HashMap<>();
        p.put("org.apache.felix.http.enable", "false");
        p.put("org.apache.felix.https.enable", "true");
        p.put("org.osgi.service.http.port.secure", Integer.toString(port));
        p.put("org.apache.felix.https.keystore", keystore.toString());
        p.put("org.apache.felix.https.keystore.type", type);
        p.put("org.apache.felix.https.keystore.password", password);
        p.put("org.apache.felix.https.keystore.key.password", password);
        return p;
    }

    private static String readPassword(Path file) throws KeystoreException {
        if (file == null) {
            throw new KeystoreException("--https-keystore needs --https-keystore-password-file");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new KeystoreException("cannot read the key store password file " + file + ": " + e.getMessage());
        }
    }

    private static void check(Path keystore, String type, String password) throws KeystoreException {
        try {
            KeyStore ks = KeyStore.getInstance(type);
            try (var in = Files.newInputStream(keystore)) {
                ks.load(in, password.toCharArray());
            }
            if (!ks.aliases().hasMoreElements()) {
                throw new KeystoreException("the key store " + keystore + " holds no key");
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            // the exception's message never carries the password; say which file and why
            throw new KeystoreException("cannot open the key store " + keystore + " (" + type + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** The self-signed key store, made on the first start with {@code --https}. */
    private static String selfSigned(Path keystore, Path passwordFile) throws KeystoreException {
        try {
            if (Files.exists(keystore) && Files.exists(passwordFile)) {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Files.deleteIfExists(keystore);
            DataDirectory.writePrivate(passwordFile, password);
            String host = InetAddress.getLocalHost().getHostName();
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "holdfast-console", "-keyalg",
                    "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "3650", "-dname",
                    "CN=" + host + ", O=Holdfast gateway", "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1" + (host.matches("[A-Za-z0-9.-]+") ? ",dns:" + host : ""),
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:file",
                    passwordFile.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new KeystoreException("keytool could not make a self-signed certificate in " + keystore + ": "
                        + List.of(output.split("\n")).get(0));
            }
            restrictToOwner(keystore);
            return password;
        } catch (IOException e) {
            throw new KeystoreException("cannot make a self-signed certificate in " + keystore + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeystoreException("interrupted while making a self-signed certificate");
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
