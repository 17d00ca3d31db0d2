package io.peerwatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.common.Formats;
import io.peerwatch.normalize.parse.ParseException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordGuardTest {

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static byte[] bytes(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
        return out;
    }

    private static void rejected(String format, byte[] in, String errorClass) {
        assertThatThrownBy(() -> RecordGuard.check(format, in, 1024))
                .isInstanceOf(ParseException.class)
                .satisfies(e -> assertThat(((ParseException) e).errorClass()).isEqualTo(errorClass));
    }

    @Test
    void validTextPassesUnchangedIncludingTabsAndMultibyteCharacters() throws Exception {
        byte[] in = b("{\"host\":\"b\u00fccher.example\",\"x\":\"\u2603\t\uD83D\uDE00\"}");
        assertThat(RecordGuard.check(Formats.ZEEK_CONN, in, 1024)).isSameAs(in);
    }

    @Test
    void oversizedRecordsAreRejected() {
        rejected(Formats.ZEEK_CONN, new byte[1025], ParseException.OVERSIZED);
    }

    @Test
    void invalidUtf8IsRejected() {
        rejected(Formats.ZEEK_CONN, bytes('a', 0xC3, 0x28), ParseException.INVALID_UTF8);      // bad continuation
        rejected(Formats.ZEEK_CONN, bytes('a', 0xC0, 0xAF), ParseException.INVALID_UTF8);      // overlong '/'
        rejected(Formats.ZEEK_CONN, bytes('a', 0xED, 0xA0, 0x80), ParseException.INVALID_UTF8); // surrogate
        rejected(Formats.ZEEK_CONN, bytes('a', 0xF4, 0x90, 0x80, 0x80), ParseException.INVALID_UTF8); // > U+10FFFF
        rejected(Formats.ZEEK_CONN, bytes('a', 0xE2, 0x98), ParseException.INVALID_UTF8);      // truncated
        rejected(Formats.ZEEK_CONN, bytes('a', 0xFF), ParseException.INVALID_UTF8);
    }

    @Test
    void controlCharactersAreRejectedExceptTab() {
        rejected(Formats.ZEEK_CONN, b("a\u0000b"), ParseException.CONTROL_CHARACTERS);
        rejected(Formats.ZEEK_CONN, b("a\u001bb"), ParseException.CONTROL_CHARACTERS);
        rejected(Formats.ZEEK_CONN, b("a\u007fb"), ParseException.CONTROL_CHARACTERS);
        rejected(Formats.ZEEK_CONN, b("a\u0085b"), ParseException.CONTROL_CHARACTERS); // C1 (NEL)
        rejected(Formats.ZEEK_CONN, b("a\nb"), ParseException.CONTROL_CHARACTERS);
        rejected(Formats.ZEEK_CONN, b("a\rb"), ParseException.CONTROL_CHARACTERS);
    }

    @Test
    void lineBreaksAreAllowedInWholeDocumentFormatsOnly() throws Exception {
        byte[] xml = b("<domain>\r\n  <name>vm1</name>\n</domain>\n");
        assertThat(RecordGuard.check(Formats.LIBVIRT_DOMXML, xml, 1024)).isSameAs(xml);
        assertThat(RecordGuard.check(Formats.LIBVIRT_LEASES, b("[\n]"), 1024)).isEqualTo(b("[\n]"));
        rejected(Formats.LIBVIRT_DOMXML, b("<a>\u0000</a>"), ParseException.CONTROL_CHARACTERS);
    }

    @Test
    void aTrailingLineTerminatorAndALeadingBomAreCutOff() throws Exception {
        assertThat(RecordGuard.check(Formats.ZEEK_CONN, b("{}\n"), 1024)).isEqualTo(b("{}"));
        assertThat(RecordGuard.check(Formats.ZEEK_CONN, b("{}\r\n"), 1024)).isEqualTo(b("{}"));
        assertThat(RecordGuard.check(Formats.SYSMON, bytes(0xEF, 0xBB, 0xBF, '{', '}'), 1024)).isEqualTo(b("{}"));
        rejected(Formats.ZEEK_CONN, b("\n"), ParseException.MALFORMED);
        rejected(Formats.ZEEK_CONN, new byte[0], ParseException.MALFORMED);
    }

    @Test
    void auditdMayCarryExactlyOneEnrichedSeparatorAndNothingElseChanges() throws Exception {
        byte[] enriched = b("type=SYSCALL msg=audit(1793611400.000:7): arch=c000003e syscall=59\u001dARCH=x86_64 SYSCALL=execve");
        assertThat(RecordGuard.check(Formats.AUDITD, enriched, 1024)).isSameAs(enriched);
        assertThat(RecordGuard.check(Formats.AUDITD, b("type=EOE msg=audit(1.0:7): \u001d\n"), 1024))
                .as("trailing LF still cut").isEqualTo(b("type=EOE msg=audit(1.0:7): \u001d"));
        rejected(Formats.AUDITD, b("a\u001db\u001dc"), ParseException.CONTROL_CHARACTERS);  // a second one
        rejected(Formats.AUDITD, b("\u001dtype=EOE"), ParseException.CONTROL_CHARACTERS);    // nothing before it
        rejected(Formats.AUDITD, b("a\u001db\u001bc"), ParseException.CONTROL_CHARACTERS);  // other controls as before
        rejected(Formats.AUDITD, b("a\u001cb"), ParseException.CONTROL_CHARACTERS);          // its neighbours too
        rejected(Formats.AUDITD, b("a\u0085b"), ParseException.CONTROL_CHARACTERS);
        for (String other : Formats.ALL) {
            if (!other.equals(Formats.AUDITD)) rejected(other, b("a\u001db"), ParseException.CONTROL_CHARACTERS);
        }
    }
}
