package io.holdfast.cloud.mqtt.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class PasswordsTest {

    private final KuraLikeCryptoService crypto = new KuraLikeCryptoService();
    private final Passwords passwords = new Passwords("cloud-1");

    @Test
    public void anEncryptedValueIsDecryptedWithKurasCharArrayForm() throws Exception {
        passwords.bind(crypto);
        String encrypted = new String(crypto.encryptAes("s3cret".toCharArray()));
        assertThat(encrypted).isNotEqualTo("s3cret");
        assertThat(passwords.plain("password", encrypted)).containsExactly("s3cret".toCharArray());
    }

    @Test
    public void aValueKurasCryptoServiceCannotDecryptIsUsedAsItIs() {
        passwords.bind(crypto);
        // no separator: Kura throws a KuraException; one that is no base64: the decoder's IllegalArgumentException
        assertThat(passwords.plain("password", "right-secret")).containsExactly("right-secret".toCharArray());
        assertThat(passwords.plain("password", "plain")).containsExactly("plain".toCharArray());
        assertThat(passwords.plain("password", "plain")).containsExactly("plain".toCharArray());
        assertThat(crypto.decryptCalls).isEqualTo(3);
    }

    @Test
    public void withoutCryptoServiceOrValue() {
        assertThat(passwords.plain("password", "plain")).containsExactly("plain".toCharArray());
        passwords.bind(crypto);
        assertThat(passwords.plain("password", "")).isEmpty();
        assertThat(passwords.plain("password", null)).isEmpty();
        passwords.unbind(crypto);
        assertThat(passwords.plain("password", "x-y")).containsExactly("x-y".toCharArray());
    }
}
