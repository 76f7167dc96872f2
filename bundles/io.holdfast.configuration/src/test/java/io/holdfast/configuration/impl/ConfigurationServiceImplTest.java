package io.holdfast.configuration.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.configuration.Password;
import org.junit.Test;

public class ConfigurationServiceImplTest {

    @Test
    public void theConfigurationsServicePidWinsOverTheDeclaredOne() {
        String factory = "io.example.Publisher";
        assertThat(ConfigurationServiceImpl.servicePid("io.example.Publisher~1", factory))
                .isEqualTo("io.example.Publisher~1");
        assertThat(ConfigurationServiceImpl.servicePid(new String[] { factory, "io.example.Publisher~1" }, factory))
                .isEqualTo("io.example.Publisher~1");
        assertThat(ConfigurationServiceImpl.servicePid(List.of("io.example.Single"), null))
                .isEqualTo("io.example.Single");
        assertThat(ConfigurationServiceImpl.servicePid(null, null)).isNull();
    }

    @Test
    public void filterValuesAreEscaped() {
        assertThat(ConfigurationServiceImpl.escape("a(b)*c\\d")).isEqualTo("a\\(b\\)\\*c\\\\d");
    }

    @Test
    public void configAdminGetsStringsForPasswordsAndNoNulls() {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put("p", new Password("s"));
        props.put("n", null);
        props.put("l", List.of("a", "b"));
        Hashtable<String, Object> dict = (Hashtable<String, Object>) ConfigurationServiceImpl.dictionary(props);
        assertThat(dict).containsEntry("p", "s").doesNotContainKey("n");
        assertThat(dict.get("l")).isEqualTo(List.of("a", "b"));
    }
}
