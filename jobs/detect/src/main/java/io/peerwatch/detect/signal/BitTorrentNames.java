package io.peerwatch.detect.signal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Names that BitTorrent software uses: trackers, DHT bootstrap nodes, client programs and user agents. */
public final class BitTorrentNames {
    /** DHT bootstrap nodes hard-coded in common clients. */
    private static final Set<String> DHT_BOOTSTRAP = Set.of("router.bittorrent.com", "router.utorrent.com",
            "dht.transmissionbt.com", "dht.aelitis.com", "dht.libtorrent.org", "router.bitcomet.com",
            "router.silotis.us", "dht.anacrolix.link");

    /** Open tracker domains (hosts under them are trackers). */
    private static final Set<String> TRACKER_DOMAINS = Set.of("opentrackr.org", "openbittorrent.com", "publicbt.com",
            "leechers-paradise.org", "coppersurfer.tk", "torrent.eu.org", "stealth.si", "openbittorrent.org",
            "demonii.com", "tracker.opentrackr.org");

    /** A label that names a tracker host: tracker, tracker1, open-tracker, opentracker, announce. */
    private static final Pattern TRACKER_LABEL = Pattern.compile("(open-?)?tracker\\d{0,3}|announce\\d{0,2}|bttracker|retracker");

    /** Sites of torrent software and indexes: a visit is context, not proof. */
    private static final Pattern TORRENT_SITE = Pattern.compile("(^|\\.)([a-z0-9-]*torrent[a-z0-9-]*|thepiratebay|1337x|rarbg|nyaa|yts)\\.[a-z.]+$");

    /** Guest process images of torrent clients (basename without extension, lower case). */
    private static final Set<String> CLIENT_IMAGES = Set.of("qbittorrent", "qbittorrent-nox", "transmission-daemon",
            "transmission-gtk", "transmission-qt", "transmission-cli", "transmission-remote", "deluged", "deluge",
            "deluge-gtk", "deluge-console", "rtorrent", "ktorrent", "tixati", "webtorrent", "utorrent", "utweb",
            "bittorrent", "bitcomet", "vuze", "azureus", "biglybt", "frostwire", "ctorrent", "rqbit", "btdownloadcurses",
            "btdownloadheadless", "opentracker", "torrentflux", "fragments", "picotorrent", "tribler");

    /** Generic downloaders that speak BitTorrent when given a torrent or magnet. */
    private static final Set<String> GENERIC_DOWNLOADERS = Set.of("aria2c", "aria2");

    private static final Pattern TORRENT_ARGUMENT = Pattern.compile("magnet:\\?xt=urn:bt(ih|mh):|\\.torrent(\\s|\"|'|$)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern CLIENT_USER_AGENT = Pattern.compile(
            "^(utorrent|µtorrent|btwebclient|bittorrent/|transmission/|deluge|libtorrent|rtorrent/|qbittorrent|bitcomet|azureus|vuze"
                    + "|biglybt|ktorrent|tixati|webtorrent|frostwire|aria2/.*bittorrent|tribler)",
            Pattern.CASE_INSENSITIVE);

    /** Tracker HTTP request: /announce or /scrape (any prefix, optional .php) with an info_hash parameter. */
    private static final Pattern ANNOUNCE_URI = Pattern.compile(
            "^[^?]*/(announce|scrape|webseed)(\\.php)?\\?(.*&)?info_hash=", Pattern.CASE_INSENSITIVE);

    private BitTorrentNames() {}

    public static String normalizeHost(String name) {
        if (name == null) return null;
        String n = name.strip().toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) n = n.substring(0, n.length() - 1);
        int colon = n.lastIndexOf(':');
        if (colon > 0 && n.indexOf(':') == colon) n = n.substring(0, colon); // host:port
        return n.isEmpty() || n.length() > 253 ? null : n;
    }

    public static boolean isDhtBootstrap(String host) {
        String h = normalizeHost(host);
        return h != null && DHT_BOOTSTRAP.contains(h);
    }

    /** A host name that is a tracker: a label like 'tracker' or 'announce', or a host under an open-tracker domain. */
    public static boolean isTrackerHost(String host) {
        String h = normalizeHost(host);
        if (h == null || h.indexOf('.') < 0) return false;
        for (String d : TRACKER_DOMAINS) {
            if (h.equals(d) || h.endsWith("." + d)) return true;
        }
        String[] labels = h.split("\\.");
        // only the host labels, not the registered domain: 'tracker.example.org' yes, 'mytracker.org' no
        for (int i = 0; i < labels.length - 2; i++) {
            if (TRACKER_LABEL.matcher(labels[i]).matches()) return true;
        }
        return false;
    }

    public static boolean isTorrentSite(String host) {
        String h = normalizeHost(host);
        return h != null && TORRENT_SITE.matcher(h).find();
    }

    public static boolean isAnnounceUri(String uri) {
        return uri != null && uri.length() <= 8192 && ANNOUNCE_URI.matcher(uri).find();
    }

    public static boolean isClientUserAgent(String ua) {
        return ua != null && CLIENT_USER_AGENT.matcher(ua.strip()).find();
    }

    /** The client name when a process image is a torrent client, or when a generic downloader got a torrent; else null. */
    public static String clientOf(String image, String commandLine) {
        if (image == null) return null;
        String base = image.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (base.endsWith(".exe")) base = base.substring(0, base.length() - 4);
        if (CLIENT_IMAGES.contains(base)) return base;
        if (GENERIC_DOWNLOADERS.contains(base) && commandLine != null && TORRENT_ARGUMENT.matcher(commandLine).find()) return base;
        return null;
    }

    /** A command line that opens a torrent or magnet link (any program). */
    public static boolean opensTorrent(String commandLine) {
        return commandLine != null && commandLine.length() <= 32768 && TORRENT_ARGUMENT.matcher(commandLine).find();
    }
}
