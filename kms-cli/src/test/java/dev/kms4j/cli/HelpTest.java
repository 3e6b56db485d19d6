package dev.kms4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {
    @TempDir
    Path keystore;

    @Test
    void helpListsEveryCommand() {
        CliRunner.Result r = new CliRunner(keystore).run("--help");

        assertThat(r.exitCode).isZero();
        assertThat(r.stdout()).contains("demo", "keys", "sign", "verify", "public-key", "encrypt", "decrypt", "inspect",
                "rewrap");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "keys", "keys create", "keys list", "keys show", "keys rotate",
        "keys disable", "keys enable", "keys delete", "sign", "verify", "public-key", "encrypt", "decrypt",
        "inspect", "rewrap"})
    void everyCommandHasHelpWithTheExitCodes(String command) {
        String[] args = (command + " --help").split(" ");

        CliRunner.Result r = new CliRunner(keystore).run(args);

        assertThat(r.exitCode).isZero();
        assertThat(r.stdout()).startsWith("Usage: kms " + command).contains("Exit codes:");
    }

    @Test
    void helpDoesNotCreateAKeystore() {
        Path dir = keystore.resolve("not-created");

        new CliRunner(dir).run("keys", "list", "--help");

        assertThat(dir).doesNotExist();
    }

    @Test
    void theExitCodesInTheHelpMatchTheConstants() throws Exception {
        String help = new CliRunner(keystore).run("--help").stdout();
        for (Field f : ExitCodes.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
                continue;
            }
            int code = f.getInt(null);
            assertThat(help).as(f.getName()).containsPattern("\\n\\s+" + code + "\\s+\\S");
        }
        Matcher listed = Pattern.compile("\\n\\s+(\\d+)\\s{3}").matcher(help.substring(help.indexOf("Exit codes:")));
        int count = 0;
        while (listed.find()) {
            count++;
        }
        assertThat(count).isEqualTo(11);
    }

    @Test
    void versionNamesKms4jAndJava() {
        CliRunner.Result r = new CliRunner(keystore).run("--version");

        assertThat(r.exitCode).isZero();
        assertThat(r.stdout()).startsWith("kms ").contains("(kms4j)").contains("Java ");
    }
}
