package io.peerwatch.testkit.scenario.traffic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The outside world of a scenario: which names VMs talk to, and their addresses. A name's address is derived
 * from the name alone (same in every scenario); peers are random public addresses from the behaviour's stream.
 * Addresses avoid private, shared, loopback, link-local, documentation, multicast and reserved ranges.
 */
public final class Internet {
    public static final List<String> BROWSING = List.of(
            "www.wikipedia.org", "en.wikipedia.org", "upload.wikimedia.org", "www.google.com", "fonts.googleapis.com",
            "fonts.gstatic.com", "www.youtube.com", "i.ytimg.com", "github.com", "avatars.githubusercontent.com",
            "stackoverflow.com", "cdn.sstatic.net", "news.ycombinator.com", "www.bbc.co.uk", "www.reuters.com",
            "www.microsoft.com", "login.microsoftonline.com", "outlook.office365.com", "teams.microsoft.com",
            "www.linkedin.com", "static.licdn.com", "docs.python.org", "developer.mozilla.org", "www.amazon.com",
            "m.media-amazon.com", "slack.com", "app.slack.com", "zoom.us", "www.dropbox.com", "duckduckgo.com");
    public static final List<String> SAAS_APIS = List.of(
            "api.stripe.com", "hooks.slack.com", "api.sendgrid.com", "sts.eu-west-1.amazonaws.com", "api.github.com",
            "login.microsoftonline.com", "oauth2.googleapis.com", "api.pagerduty.com", "sentry.io", "api.datadoghq.eu");
    public static final List<String> BUILD_DOWNLOADS = List.of(
            "registry.npmjs.org", "pypi.org", "files.pythonhosted.org", "repo.maven.apache.org", "repo1.maven.org",
            "codeload.github.com", "objects.githubusercontent.com", "ghcr.io", "registry-1.docker.io",
            "production.cloudflare.docker.com", "proxy.golang.org", "index.crates.io", "static.crates.io");
    public static final List<String> NTP_SERVERS = List.of("ntp.ubuntu.com", "0.ubuntu.pool.ntp.org", "1.ubuntu.pool.ntp.org");
    public static final List<String> MIRRORS = List.of("archive.ubuntu.com", "security.ubuntu.com");
    public static final List<String> DHT_BOOTSTRAP = List.of("router.bittorrent.com", "dht.transmissionbt.com", "router.utorrent.com");
    public static final List<String> HTTP_TRACKERS = List.of(
            "tracker.opentrackr.org", "tracker.openbittorrent.com", "tracker.torrent.eu.org", "tracker.dler.org");

    /** First octets of ordinary public unicast space (no 0, 10, 100, 127, 169, 172, 192, 198, 203, >= 224). */
    private static final int[] PUBLIC_FIRST_OCTETS;

    static {
        int[] tmp = new int[223];
        int n = 0;
        for (int o = 1; o <= 223; o++) {
            if (o == 10 || o == 100 || o == 127 || o == 169 || o == 172 || o == 192 || o == 198 || o == 203) continue;
            tmp[n++] = o;
        }
        PUBLIC_FIRST_OCTETS = java.util.Arrays.copyOf(tmp, n);
    }

    private Internet() {}

    private static final java.util.concurrent.ConcurrentHashMap<String, String> ADDRESSES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The address a name resolves to (stable for the name). */
    public static String addressOf(String host) {
        return ADDRESSES.computeIfAbsent(host, Internet::derive);
    }

    private static String derive(String host) {
        byte[] h = sha256(host);
        return ip(PUBLIC_FIRST_OCTETS[(h[0] & 0xff) % PUBLIC_FIRST_OCTETS.length], h[1] & 0xff, h[2] & 0xff, 1 + (h[3] & 0xff) % 254);
    }

    /** Some names are CNAMEs to a CDN: the chain Zeek lists in answers before the address. */
    public static List<String> cnameChain(String host) {
        return switch (host) {
            case "www.microsoft.com" -> List.of("www.microsoft.com-c-3.edgekey.net", "e13678.dscb.akamaiedge.net");
            case "www.linkedin.com" -> List.of("www-linkedin-com.l-0005.l-msedge.net");
            case "upload.wikimedia.org", "en.wikipedia.org", "www.wikipedia.org" -> List.of("dyna.wikimedia.org");
            case "www.amazon.com" -> List.of("tp.47cf2c8c9-frontier.amazon.com", "d3ag4hukkh62yn.cloudfront.net");
            case "security.ubuntu.com", "archive.ubuntu.com" -> List.of();
            default -> List.of();
        };
    }

    /** A random public address (a peer, a web client). */
    public static String randomPublic(SplittableRandom rng) {
        return ip(PUBLIC_FIRST_OCTETS[rng.nextInt(PUBLIC_FIRST_OCTETS.length)], rng.nextInt(256), rng.nextInt(256), 1 + rng.nextInt(254));
    }

    private static String ip(int a, int b, int c, int d) {
        return a + "." + b + "." + c + "." + d;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
