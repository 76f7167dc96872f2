package io.holdfast.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ConsolePasswordTest {
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theSamePasswordFileAgainWritesNothingSoThatAStartOnAFullDiskIsNotRefused() throws Exception {
        Path etc = folder.newFolder("etc").toPath();
        Path given = folder.getRoot().toPath().resolve("password.txt");
        Files.writeString(given, "first-password\n");
        ConsolePassword.Credentials first = ConsolePassword.prepare(etc, given);
        Path stored = etc.resolve(ConsolePassword.FILE);
        assertThat(Files.readString(stored, StandardCharsets.UTF_8).strip()).isEqualTo(first.hash());

        ConsolePassword.Credentials again = ConsolePassword.prepare(etc, given);

        // a new hash would have a new random salt: the same one means the file was not written again
        assertThat(again.hash()).isEqualTo(first.hash());
        assertThat(Files.readString(stored, StandardCharsets.UTF_8).strip()).isEqualTo(first.hash());
        assertThat(again.generated()).isNull();

        Files.writeString(given, "second-password\n");
        ConsolePassword.Credentials changed = ConsolePassword.prepare(etc, given);
        assertThat(changed.hash()).isNotEqualTo(first.hash());
        assertThat(Files.readString(stored, StandardCharsets.UTF_8).strip()).isEqualTo(changed.hash());
        assertThat(ConsolePassword.matches(changed.hash(), "second-password")).isTrue();
        assertThat(ConsolePassword.matches(changed.hash(), "first-password")).isFalse();
    }

    @Test
    public void matchesChecksTheWebConsoleFormat() {
        String hash = ConsolePassword.hash("a-good-password");
        assertThat(ConsolePassword.matches(hash, "a-good-password")).isTrue();
        assertThat(ConsolePassword.matches(hash, "a-good-passworD")).isFalse();
        assertThat(ConsolePassword.matches("{sha-256}00-x-abc", "a-good-password")).isFalse();
        assertThat(ConsolePassword.matches("plain", "plain")).isFalse();
    }
}
