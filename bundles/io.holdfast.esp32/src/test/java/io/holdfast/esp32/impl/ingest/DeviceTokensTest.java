package io.holdfast.esp32.impl.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class DeviceTokensTest {

    /** {@code printf %s 'correct horse' | sha256sum} */
    private static final String HASH = "sha256:4104d36f8da2c254349f85836793ebe029e0c957063a34c91c2e9203187b5631";

    @Test
    public void aPlainTokenMatchesOnlyItself() {
        assertThat(DeviceTokens.matches("s3cret-token", "s3cret-token")).isTrue();
        assertThat(DeviceTokens.matches("s3cret-token", "s3cret-tokem")).isFalse();
        assertThat(DeviceTokens.matches("s3cret-token", "s3cret-token ")).isFalse();
        assertThat(DeviceTokens.matches("s3cret-token", "")).isFalse();
        assertThat(DeviceTokens.matches("s3cret-token", null)).isFalse();
        assertThat(DeviceTokens.matches(null, "s3cret-token")).as("a device without a token").isFalse();
        assertThat(DeviceTokens.matches(null, "")).isFalse();
        assertThat(DeviceTokens.matches(null, null)).isFalse();
    }

    @Test
    public void aHashedTokenMatchesTheTokenNotTheHash() {
        assertThat(DeviceTokens.isHash(HASH)).isTrue();
        assertThat(DeviceTokens.matches(HASH, "correct horse")).isTrue();
        assertThat(DeviceTokens.matches(HASH.toUpperCase().replace("SHA256:", "sha256:"), "correct horse"))
                .as("hex digits in either case").isTrue();
        assertThat(DeviceTokens.matches(HASH, "correct horse ")).isFalse();
        assertThat(DeviceTokens.matches(HASH, HASH)).as("knowing the hash is not enough").isFalse();
        assertThat(DeviceTokens.matches(HASH, null)).isFalse();
    }

    @Test
    public void aMalformedHashIsAPlainToken() {
        String shortHash = HASH.substring(0, HASH.length() - 1);
        assertThat(DeviceTokens.isHash(shortHash)).isFalse();
        assertThat(DeviceTokens.isHash("sha256:" + "g".repeat(64))).isFalse();
        assertThat(DeviceTokens.matches(shortHash, shortHash)).isTrue();
        assertThat(DeviceTokens.matches(shortHash, "correct horse")).isFalse();
    }
}
