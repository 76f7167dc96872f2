package io.holdfast.cloud.mqtt.impl.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.Test;

public class TopicsTest {

    private final Topics kura = new Topics(Topics.DEFAULT_DATA, Topics.DEFAULT_CONTROL, "acme", "gw-1");

    @Test
    public void kurasNamespaceByDefault() {
        assertThat(kura.data("W1", "A1/temp")).isEqualTo("acme/gw-1/W1/A1/temp");
        assertThat(kura.data("W1", "")).isEqualTo("acme/gw-1/W1");
        assertThat(kura.control("DEPLOY-V2", "EXEC/download")).isEqualTo("$EDC/acme/gw-1/DEPLOY-V2/EXEC/download");
        assertThat(kura.controlSubscription()).isEqualTo("$EDC/acme/gw-1/#");
        assertThat(kura.lifecycle("BIRTH")).isEqualTo("$EDC/acme/gw-1/MQTT/BIRTH");
        assertThat(kura.controlOf("backend-7", "DEPLOY-V2", "REPLY/42"))
                .isEqualTo("$EDC/acme/backend-7/DEPLOY-V2/REPLY/42");
        assertThat(kura.underControl("$EDC/acme/gw-1/DEPLOY-V2/GET/packages")).isEqualTo("DEPLOY-V2/GET/packages");
        assertThat(kura.underControl("$EDC/acme/gw-2/X/GET/y")).isNull();
        assertThat(kura.underData("acme/gw-1/W1/A1")).isEqualTo("W1/A1");
    }

    @Test
    public void templatesForBrokersWithoutDollarTopics() {
        Topics t = new Topics("tenants/{account}/data/{client}/{app}/{topic}",
                "tenants/{account}/ctl/{client}/{app}/{topic}", "acme", "gw-1");
        assertThat(t.data("W1", "A1")).isEqualTo("tenants/acme/data/gw-1/W1/A1");
        assertThat(t.lifecycle("LWT")).isEqualTo("tenants/acme/ctl/gw-1/MQTT/LWT");
        assertThat(t.controlSubscription()).isEqualTo("tenants/acme/ctl/gw-1/#");
        assertThat(t.controlOf("be", "APP", "REPLY/1")).isEqualTo("tenants/acme/ctl/be/APP/REPLY/1");
    }

    @Test
    public void invalidNamespacesAreRefused() {
        assertThatThrownBy(() -> new Topics("{account}/{client}/{app}", Topics.DEFAULT_CONTROL, "a", "c"))
                .hasMessageContaining("{app}/{topic}");
        assertThatThrownBy(() -> new Topics(Topics.DEFAULT_DATA, "$EDC/{account}/{app}/{topic}", "a", "c"))
                .hasMessageContaining("{client}");
        assertThatThrownBy(() -> new Topics(Topics.DEFAULT_DATA, Topics.DEFAULT_CONTROL, "a/b", "c"))
                .hasMessageContaining("account");
        assertThatThrownBy(() -> new Topics(Topics.DEFAULT_DATA, Topics.DEFAULT_CONTROL, "a", "c#"))
                .hasMessageContaining("client");
        assertThatThrownBy(() -> kura.data("W/1", "x")).hasMessageContaining("app id");
    }

    @Test
    public void filtersMatchLikeMqtt() {
        assertThat(Topics.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(Topics.matches("a/+/c", "a/b/d")).isFalse();
        assertThat(Topics.matches("a/#", "a")).isTrue();
        assertThat(Topics.matches("a/#", "a/b/c")).isTrue();
        assertThat(Topics.matches("a/b", "a/b/c")).isFalse();
        assertThat(Topics.matches("a/b/c", "a/b")).isFalse();
    }
}
