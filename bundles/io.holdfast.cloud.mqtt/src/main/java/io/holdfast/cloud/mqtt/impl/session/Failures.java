package io.holdfast.cloud.mqtt.impl.session;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import io.holdfast.cloud.mqtt.impl.transport.Reasons;
import org.eclipse.paho.client.mqttv3.MqttException;

/** Turns connection failures into one line an operator can act on. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable t, String broker, String username) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return "unknown host '" + c.getMessage() + "' (check the broker URL " + broker + ")";
            }
            if (c instanceof ConnectException) {
                return "connection refused by " + broker + " (is the broker running and listening there?)";
            }
            if (c instanceof NoRouteToHostException) {
                return "no route to " + broker;
            }
            if (c instanceof SocketTimeoutException) {
                return "timed out connecting to " + broker;
            }
            if (c instanceof SSLHandshakeException || c instanceof CertificateException) {
                String m = String.valueOf(c.getMessage());
                if (m.contains("PKIX") || m.contains("unable to find valid certification path")) {
                    return "TLS handshake with " + broker + " failed: the broker's certificate is not trusted "
                            + "(configure its CA file, or the system trust store lacks it)";
                }
                if (m.contains("No subject alternative") || m.contains("No name matching")) {
                    return "TLS handshake with " + broker + " failed: the broker's certificate does not name the host ("
                            + m + ")";
                }
                return "TLS handshake with " + broker + " failed: " + m;
            }
            if (c instanceof SSLException) {
                return "TLS failure with " + broker + ": " + c.getMessage();
            }
            if (c instanceof FileNotFoundException || c instanceof NoSuchFileException) {
                return "TLS configuration: cannot read " + c.getMessage();
            }
            if (c instanceof GeneralSecurityException) {
                return "TLS configuration: " + c.getMessage();
            }
        }
        if (t instanceof MqttException m) {
            return switch (m.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION, MqttException.REASON_CODE_NOT_AUTHORIZED -> "the broker "
                    + broker + " refused the credentials" + (username == null || username.isEmpty()
                            ? " (no user name configured)" : " of user '" + username + "'")
                    + ": bad user name or password, or not authorized";
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "the broker " + broker + " rejected the client id";
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "the broker " + broker + " is unavailable";
            case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION -> "the broker " + broker
                    + " does not speak MQTT 3.1.1";
            case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "timed out waiting for the broker " + broker;
            case MqttException.REASON_CODE_CONNECTION_LOST -> "connection to " + broker + " lost"
                    + (m.getCause() == null ? "" : ": " + m.getCause().getMessage());
            default -> "MQTT error " + m.getReasonCode() + " with " + broker + ": " + m.getMessage();
            };
        }
        if (t instanceof org.eclipse.paho.mqttv5.common.MqttException m) {
            // MQTT 5: the CONNACK's or DISCONNECT's reason code, or one of Paho's own (below 0x80)
            return switch (m.getReasonCode()) {
            case 0x86, 0x87, 0x8C -> "the broker "
                    + broker + " refused the credentials" + (username == null || username.isEmpty()
                            ? " (no user name configured)" : " of user '" + username + "'")
                    + ": bad user name or password, or not authorized";
            case 0x85 -> "the broker " + broker + " rejected the client id";
            case 0x84 -> "the broker " + broker + " does not speak MQTT 5 (configure mqtt.protocol 3.1.1)";
            case 0x88, 0x89 -> "the broker " + broker + " is unavailable or busy";
            case org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT -> "timed out "
                    + "waiting for the broker " + broker;
            case org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CONNECTION_LOST -> "connection to "
                    + broker + " lost" + (m.getCause() == null ? "" : ": " + m.getCause().getMessage());
            default -> m.getReasonCode() >= 0x80
                    ? "the broker " + broker + " ended the session: " + Reasons.describe(m.getReasonCode())
                    : "MQTT 5 error " + m.getReasonCode() + " with " + broker + ": " + m.getMessage();
            };
        }
        return t.getClass().getSimpleName() + " with " + broker + ": " + t.getMessage();
    }
}
