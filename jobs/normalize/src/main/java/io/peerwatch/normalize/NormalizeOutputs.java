package io.peerwatch.normalize;

import io.peerwatch.schema.DeadLetter;
import io.peerwatch.schema.NormalizedEvent;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What {@link NormalizePipeline#build} produces.
 *
 * @param events normalized events in time, with Flink timestamps = eventTime (live runs: the watermarks of the raw
 *     stream's source, see {@link SourceWatermarks}; bounded runs: no watermark until the final MAX)
 * @param deadLetters raw records that could not be normalized, with their original bytes, coordinates and error
 *     class
 * @param late normalized events that arrived behind the watermark beyond the allowed lateness (live runs only;
 *     empty in bounded runs)
 */
public record NormalizeOutputs(DataStream<NormalizedEvent> events, DataStream<DeadLetter> deadLetters,
                               DataStream<NormalizedEvent> late) {}
