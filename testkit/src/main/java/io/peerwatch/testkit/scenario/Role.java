package io.peerwatch.testkit.scenario;

/** What a VM does all day; decides its benign traffic. The name prefix is how people name such VMs. */
public enum Role {
    /** Desktop-like VM: web browsing over HTTPS in working hours. */
    DESKTOP("desk"),
    /** Application server: calls SaaS APIs over HTTPS, queries its database VM. */
    APP("app"),
    /** CI runner: package registries, git hosting, mirrors. */
    BUILD("build"),
    /** Database server: answers APP VMs on 5432. */
    DB("db"),
    /** Runs the nightly backup to an off-site target. */
    BACKUP("backup"),
    /** File server that syncs to object storage around the clock. */
    FILES("files"),
    /** Public web server: many distinct clients on local port 443 (a P2P look-alike). */
    WWW("www"),
    /** TURN/STUN relay: many distinct peers over UDP on local port 3478 (a P2P look-alike). */
    TURN("turn");

    private final String prefix;

    Role(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
