package io.peerwatch.testkit.scenario.traffic;

/** One HTTP request/response pair as Zeek's http.log records it. userAgent and mimeType may be null. */
public record HttpTxn(long tsMicros, Conn conn, int transDepth, String method, String host, String uri, String userAgent,
                      long requestBodyLen, long responseBodyLen, int statusCode, String statusMsg, String mimeType) {}
