package io.peerwatch.testkit.scenario;

/**
 * One generated raw record exactly as the log source writes it (a line, or a whole domain XML document).
 *
 * @param format FORMAT name (io.peerwatch.common.Formats)
 * @param eventTimeMillis the time the record is about (flow end, query time, DHCP log time, definition time);
 *                        used as the Kafka record timestamp and to order the live stream
 * @param file file name inside the format's directory when written to disk
 * @param key the VM the record is about (Kafka key, so one VM's records stay in one partition, in order)
 * @param text the record, without a trailing newline for line formats
 * @param header true for a header line (VPC flow logs), which precedes the records of every file/partition
 */
public record ScenarioRecord(String format, long eventTimeMillis, String file, String key, String text, boolean header) {}
