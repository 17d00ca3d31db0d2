package io.peerwatch.deploy.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS material made at test time with the JDK's keytool (nothing is committed): a self-signed certificate for
 * 127.0.0.1/localhost in a PKCS12 keystore, and a truststore that trusts exactly that certificate.
 */
public record TestTls(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {

    public static TestTls create(Path dir) throws IOException, InterruptedException {
        String ksPass = randomSecret();
        String tsPass = randomSecret();
        Path ks = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.pem");
        Path ts = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", ksPass, "-keypass", ksPass);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", ks.toString(), "-storepass", ksPass, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker-ca", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", ts.toString(), "-storepass", tsPass);
        return new TestTls(ks, ksPass, ts, tsPass);
    }

    public static String randomSecret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
        }
    }
}
