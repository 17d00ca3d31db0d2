package io.peerwatch.testkit;

import io.peerwatch.common.Topics;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: one real broker per test class, fresh topics per test.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
 *
 * &#64;Test
 * void something(Topics topics) {           // fresh prefix, every peerwatch topic created
 *     KAFKA.kafka().produce(topics.raw(Formats.ZEEK_CONN), lines);
 * }
 * </pre>
 *
 * Also usable as {@code @ExtendWith(EmbeddedKafkaExtension.class)} with an {@link EmbeddedKafka}
 * parameter. A {@link Topics} parameter gets a new prefix with all topics created (partitions:
 * {@link #DEFAULT_PARTITIONS}, or the value given to {@link #EmbeddedKafkaExtension(int)}).
 *
 * <p>{@link #sharedPerJvm()} instead shares one broker among all test classes of the test JVM that use it
 * (started on first use, stopped when the test run ends): a broker start costs seconds, and tests stay
 * isolated by their fresh topics.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    public static final int DEFAULT_PARTITIONS = 2;

    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class, "shared");

    private final int partitions;
    private final boolean shared;
    private EmbeddedKafka kafka;

    public EmbeddedKafkaExtension() {
        this(DEFAULT_PARTITIONS);
    }

    public EmbeddedKafkaExtension(int partitionsPerTopic) {
        this(partitionsPerTopic, false);
    }

    private EmbeddedKafkaExtension(int partitionsPerTopic, boolean shared) {
        if (partitionsPerTopic < 1) throw new IllegalArgumentException("partitions must be >= 1");
        this.partitions = partitionsPerTopic;
        this.shared = shared;
    }

    /** One broker for every test class of this JVM that registers this variant. */
    public static EmbeddedKafkaExtension sharedPerJvm() {
        return new EmbeddedKafkaExtension(DEFAULT_PARTITIONS, true);
    }

    /** The running broker (between beforeAll and afterAll). */
    public EmbeddedKafka kafka() {
        if (kafka == null) throw new IllegalStateException("the broker starts in beforeAll: register the extension on a static field");
        return kafka;
    }

    /** A fresh prefix with all peerwatch topics created, for tests that prefer a call to a parameter. */
    public Topics freshTopics() {
        return kafka().createAllTopics(partitions);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (kafka != null) return;
        if (shared) {
            // the root store closes AutoCloseable values when the whole test run ends
            kafka = context.getRoot().getStore(SHARED).getOrComputeIfAbsent("broker", k -> EmbeddedKafka.start(), EmbeddedKafka.class);
        } else {
            kafka = EmbeddedKafka.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (shared) {
            kafka = null;
            return;
        }
        // nested test classes run afterAll too: only the class that started the broker stops it
        if (kafka != null && context.getParent().map(p -> p.getParent().isEmpty()).orElse(true)) {
            kafka.close();
            kafka = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == EmbeddedKafka.class || type == Topics.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == EmbeddedKafka.class ? kafka() : freshTopics();
    }
}
