package io.jenkins.plugins.statusqueue.sim;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for tests against emulated stacks: one ElasticMQ per test class, and per {@link #start} a fresh
 * queue behind a new {@link ApiGatewayEmulator}, closed after the test. Register it as a static field with
 * {@code @RegisterExtension}.
 */
public final class EmulatedStacks implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private static final AtomicInteger QUEUES = new AtomicInteger();

    private ElasticMq mq;
    private String queueUrl;
    private ApiGatewayEmulator gateway;

    @Override
    public void beforeAll(ExtensionContext context) {
        mq = ElasticMq.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        mq.close();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopGateway();
    }

    /** A new queue behind a new emulator of {@code stack}; the previous emulator of this test is closed. */
    public ApiGatewayEmulator start(ApiGatewayEmulator.Stack stack) throws IOException {
        stopGateway();
        queueUrl = mq.createQueue("stack-" + QUEUES.incrementAndGet());
        gateway = ApiGatewayEmulator.start(mq, queueUrl, stack);
        return gateway;
    }

    public ElasticMq mq() {
        return mq;
    }

    /** The queue behind the emulator last started. */
    public String queueUrl() {
        return queueUrl;
    }

    private void stopGateway() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }
}
