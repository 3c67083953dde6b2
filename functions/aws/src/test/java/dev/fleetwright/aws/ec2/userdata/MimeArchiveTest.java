package dev.fleetwright.aws.ec2.userdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MimeArchiveTest {

    @Test
    @DisplayName("should read parts with CRLF line ends, a quoted boundary, headers in any case and empty content")
    void parse() {
        String text = "Content-Type: multipart/mixed; boundary=\"==abc==\"\r\nMIME-Version: 1.0\r\n\r\n"
                + "preamble\r\n--==abc==\r\ncontent-type: text/x-shellscript\r\n\r\necho 1\r\n\r\n"
                + "--==abc==\r\nContent-Type: text/plain\r\n\r\n--==abc==--\r\nepilogue\r\n";
        List<MimeArchive.Part> parts = MimeArchive.parse(text);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).contentType()).isEqualTo("text/x-shellscript");
        assertThat(parts.get(0).content()).isEqualTo("echo 1\n");
        assertThat(parts.get(1).content()).isEmpty();
    }

    @Test
    @DisplayName("should read back what it writes")
    void roundTrip() {
        List<MimeArchive.Part> parts = List.of(
                MimeArchive.Part.of(MimeArchive.SHELL_SCRIPT, "#!/bin/bash\necho hi\n"),
                MimeArchive.Part.of(MimeArchive.NODE_CONFIG, "kind: NodeConfig"));
        assertThat(MimeArchive.parse(MimeArchive.write(parts))).isEqualTo(parts);
    }

    @Test
    @DisplayName("should not mistake a line that merely starts with the boundary for a delimiter")
    void boundaryPrefix() {
        String text = "Content-Type: multipart/mixed; boundary=b\n\n--b\n\n--bx is content\n--b--\n";
        assertThat(MimeArchive.parse(text))
                .singleElement()
                .satisfies(p -> assertThat(p.content()).isEqualTo("--bx is content"));
    }

    @Test
    @DisplayName("should reject non-multipart content and a part that would end the archive early")
    void rejects() {
        assertThatThrownBy(() -> MimeArchive.parse("Content-Type: text/plain\n\nhi"))
                .hasMessageContaining("not multi-part");
        assertThatThrownBy(() -> MimeArchive.write(List.of(MimeArchive.Part.of("text/plain", "a\n--//\nb"))))
                .hasMessageContaining("--//");
    }

    @Test
    @DisplayName("should recognise MIME user data by its first header, as Karpenter")
    void isMime() {
        assertThat(MimeArchive.isMime("  MIME-Version: 1.0\n")).isTrue();
        assertThat(MimeArchive.isMime("Content-Type: multipart/mixed")).isTrue();
        assertThat(MimeArchive.isMime("#!/bin/bash")).isFalse();
    }
}
