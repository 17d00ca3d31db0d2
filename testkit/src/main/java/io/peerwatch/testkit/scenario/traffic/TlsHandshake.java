package io.peerwatch.testkit.scenario.traffic;

/** One TLS handshake as Zeek's ssl.log records it; serverName (SNI) may be null. */
public record TlsHandshake(long tsMicros, Conn conn, String version, String cipher, String curve, String serverName,
                           boolean resumed, boolean established) {}
