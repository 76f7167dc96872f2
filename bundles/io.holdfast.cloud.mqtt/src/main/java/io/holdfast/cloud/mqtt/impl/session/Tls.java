package io.holdfast.cloud.mqtt.impl.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Socket factories for ssl:// brokers. */
public final class Tls {

    private Tls() {
    }

    /**
     * A socket factory trusting the CA certificates of a PEM file (the system trust store when none is given), and
     * presenting the client certificate of a PKCS#12 key store when one is given.
     *
     * @return the factory, or {@code null} for the JVM's default (no CA file, no client certificate)
     *
     * @throws IOException
     *             if a file cannot be read
     * @throws GeneralSecurityException
     *             if a file holds no usable certificate or key
     */
    public static SSLSocketFactory socketFactory(String caFile, String clientKeyStore, char[] keyStorePassword)
            throws IOException, GeneralSecurityException {
        boolean ca = caFile != null && !caFile.isBlank();
        boolean client = clientKeyStore != null && !clientKeyStore.isBlank();
        if (!ca && !client) {
            return null;
        }
        TrustManagerFactory tmf = null;
        if (ca) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(Path.of(caFile.trim()))) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("no certificate in the CA file " + caFile);
            }
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        KeyManagerFactory kmf = null;
        if (client) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(clientKeyStore.trim()))) {
                keys.load(in, keyStorePassword);
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, keyStorePassword);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }
}
