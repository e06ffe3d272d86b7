package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterSplitTest {

    @Test
    void keepsTheDefinedParametersAndNamesTheOthers() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SQS_BODY", "{}");
        values.put("branch", "main");
        values.put("target", "prod");
        ParameterSplit split = ParameterSplit.of(values, Set.of("branch", "SQS_BODY", "unused"));
        assertEquals(List.of("SQS_BODY", "branch"), List.copyOf(split.parameters().keySet()));
        assertEquals(List.of("target"), split.undefined());
        assertEquals(List.of("SQS_BODY", "branch", "target"), ParameterSplit.of(values, Set.of()).undefined());
    }
}
