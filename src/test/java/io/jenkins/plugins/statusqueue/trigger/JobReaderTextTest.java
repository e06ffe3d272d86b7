package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobReaderTextTest {

    @Test
    void awsErrorsLoseTheirAccountPrincipalAndKeyDetails() {
        String aws = "Cannot receive from SQS queue https://sqs.eu-west-1.amazonaws.com/123456789012/builds: "
                + "AccessDenied (HTTP 403) User: arn:aws:sts::123456789012:assumed-role/jenkins-controller/"
                + "i-0abc123 is not authorized to perform: sqs:receivemessage on resource: "
                + "arn:aws:sqs:eu-west-1:123456789012:builds because no identity-based policy allows it "
                + "(access key AKIAIOSFODNN7EXAMPLE)";
        String shown = JobReaderText.of(aws);
        assertFalse(shown.contains("123456789012"), shown);
        assertFalse(shown.contains("jenkins-controller"), shown);
        assertFalse(shown.contains("arn:aws"), shown);
        assertFalse(shown.contains("AKIAIOSFODNN7EXAMPLE"), shown);
        assertTrue(shown.contains("AccessDenied (HTTP 403)"), "what went wrong is still said: " + shown);
        assertTrue(shown.contains("is not authorized to perform: sqs:receivemessage"), shown);
    }

    @Test
    void harmlessTextStaysAsItIs() {
        assertEquals("build scheduled", JobReaderText.of("build scheduled"));
        assertEquals("message 1234567890123 of 13 digits", JobReaderText.of("message 1234567890123 of 13 digits"));
        assertNull(JobReaderText.of(null));
    }
}
