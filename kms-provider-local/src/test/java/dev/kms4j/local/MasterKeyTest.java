package dev.kms4j.local;

import static dev.kms4j.local.StorageTestSupport.KEY_A;
import static dev.kms4j.local.StorageTestSupport.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
    @TempDir
    Path tmp;

    @Test
    void base64RoundTripsThroughTheBytes() {
        try (MasterKey key = MasterKey.fromBase64(KEY_A)) {
            assertThat(key.copySecretBytes()).isEqualTo(Base64.getDecoder().decode(KEY_A));
        }
    }

    @Test
    void fromBytesCopiesTheCallersArray() {
        byte[] bytes = Base64.getDecoder().decode(KEY_A);
        try (MasterKey key = MasterKey.fromBytes(bytes)) {
            bytes[0] ^= 1;
            assertThat(key.checkValue()).isEqualTo(MasterKey.fromBase64(KEY_A).checkValue());
        }
    }

    @Test
    void checkValueIsStableAndDiffersBetweenKeys() {
        assertThat(MasterKey.fromBase64(KEY_A).checkValue())
                .isEqualTo(MasterKey.fromBase64(KEY_A).checkValue())
                .isNotEqualTo(MasterKey.fromBase64(KEY_B).checkValue())
                .hasSize(32)
                .matches("[0-9a-f]{32}");
    }

    @Test
    void generatedKeysDiffer() {
        assertThat(MasterKey.generate().checkValue()).isNotEqualTo(MasterKey.generate().checkValue());
    }

    @Test
    void wrongLengthIsInvalidArgument() {
        assertThatThrownBy(() -> MasterKey.fromBytes(new byte[31]))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> MasterKey.fromBase64(Base64.getEncoder().encodeToString(new byte[33])))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void invalidBase64IsInvalidArgumentWithoutTheValueOrACause() {
        assertThatThrownBy(() -> MasterKey.fromBase64("not*base64*secretish"))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).doesNotContain("secretish").doesNotContain("*");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void toStringShowsOnlyAShortCheckValue() {
        try (MasterKey key = MasterKey.fromBase64(KEY_A)) {
            assertThat(key.toString())
                    .doesNotContain(KEY_A)
                    .doesNotContain(key.checkValue())
                    .contains(key.checkValue().substring(0, 8));
        }
    }

    @Test
    void closeZeroesAndForbidsUse() {
        MasterKey key = MasterKey.fromBase64(KEY_A);
        key.close();
        key.close();
        assertThat(key.isClosed()).isTrue();
        assertThatThrownBy(key::copySecretBytes).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> key.writeTo(tmp.resolve("k"))).isInstanceOf(IllegalStateException.class);
        assertThat(key.toString()).contains("closed");
    }

    @Test
    void writeToCreatesAnOwnerOnlyFileThatFromFileReads() throws Exception {
        Path file = tmp.resolve("master.key");
        try (MasterKey key = MasterKey.fromBase64(KEY_A)) {
            key.writeTo(file);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (MasterKey read = MasterKey.fromFile(file)) {
            assertThat(read.checkValue()).isEqualTo(MasterKey.fromBase64(KEY_A).checkValue());
        }
    }

    @Test
    void writeToNeverOverwrites() throws Exception {
        Path file = tmp.resolve("master.key");
        Files.writeString(file, "existing");
        try (MasterKey key = MasterKey.generate()) {
            assertThatThrownBy(() -> key.writeTo(file))
                    .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.ALREADY_EXISTS));
        }
        assertThat(file).hasContent("existing");
    }

    @Test
    void fromFileAcceptsSurroundingWhitespace() throws Exception {
        Path file = tmp.resolve("mk");
        Files.writeString(file, "  " + KEY_A + "\r\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        try (MasterKey key = MasterKey.fromFile(file)) {
            assertThat(key.checkValue()).isEqualTo(MasterKey.fromBase64(KEY_A).checkValue());
        }
    }

    @Test
    void fromFileRefusesAGroupReadableFile() throws Exception {
        Path file = tmp.resolve("mk");
        Files.writeString(file, KEY_A);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> MasterKey.fromFile(file))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void fromFileOfAMissingFileIsInvalidArgument() {
        assertThatThrownBy(() -> MasterKey.fromFile(tmp.resolve("absent")))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
