package io.holdfast.esp32.impl;

import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import io.holdfast.esp32.impl.ingest.Ingest;
import io.holdfast.esp32.impl.ingest.LinkState;
import io.holdfast.esp32.impl.ingest.TimeSource;
import io.holdfast.esp32.impl.tcp.TcpServer;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A TCP listener for ESP32 devices on WiFi: a factory component, one instance per configured listener. */
@Component(name = TcpLink.PID, configurationPid = TcpLink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {
        StatusProvider.class, ConfigurableComponent.class })
@Designate(ocd = TcpLinkConfig.class, factory = true)
public class TcpLink implements StatusProvider, ConfigurableComponent {

    static final String PID = "io.holdfast.esp32.TcpLink";
    private static final Logger LOG = LoggerFactory.getLogger(TcpLink.class);

    private final LinkState state;
    private final TcpServer server;

    @Activate
    public TcpLink(@Reference Ingest ingest,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) CryptoService crypto,
            TcpLinkConfig config, Map<String, Object> props) {
        String id = LinkState.linkId(props, PID);
        this.state = new LinkState(id, LinkStatus.Kind.TCP, config.bind_address() + ":" + config.port()
                + (config.tls_enabled() ? " TLS" : "") + (config.auth_required() ? " tokens" : ""));
        if (!config.enabled()) {
            state.state(LinkStatus.State.DOWN, null);
            server = null;
            return;
        }
        SSLContext tls = null;
        try {
            if (config.tls_enabled()) {
                tls = TcpServer.tlsContext(Path.of(config.tls_keystore_path()), config.tls_keystore_type(),
                        Secrets.reveal(config.tls_keystore_password(), crypto));
            }
        } catch (IOException | GeneralSecurityException e) {
            state.state(LinkStatus.State.ERROR, "TLS key store: " + e.getMessage());
            LOG.error("TCP link {}: cannot load the TLS key store {}: {}", id, config.tls_keystore_path(),
                    e.toString());
            server = null;
            return;
        }
        Map<String, String> tokens = config.auth_required()
                ? TcpServer.parseTokens(Secrets.reveal(config.auth_tokens(), crypto)) : null;
        TcpServer s = new TcpServer(
                new TcpServer.Settings(config.bind_address(), config.port(), config.max_connections(),
                        config.idle_timeout_seconds() * 1000L, config.io_threads()),
                ingest, state, tls, tokens, TimeSource.SYSTEM);
        try {
            s.start();
            state.detail(config.bind_address() + ":" + s.port() + (tls != null ? " TLS" : "")
                    + (tokens != null ? " tokens" : ""));
            LOG.info("TCP link {} listening on {}", id, state.status().detail());
        } catch (IOException e) {
            state.state(LinkStatus.State.ERROR, "cannot listen: " + e.getMessage());
            LOG.error("TCP link {} cannot listen on {}:{}: {}", id, config.bind_address(), config.port(), e.toString());
            s.stop();
            s = null;
        }
        this.server = s;
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.stop();
        }
    }

    /** The bound port, for tests that listen on port 0. */
    int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public GatewayStatus status() {
        return state.gatewayStatus(Map.of());
    }
}
