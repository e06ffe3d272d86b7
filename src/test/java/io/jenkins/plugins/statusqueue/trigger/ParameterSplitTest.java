package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterSplitTest {

    @Test
    void onlyParametersTheJobDefinesKeepTheirNames() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SQS_BODY", "{}");
        values.put("branch", "main");
        values.put("target", "prod");
        ParameterSplit split = ParameterSplit.of(values, Set.of("branch", "SQS_BODY", "unused"));
        assertEquals(Map.of("SQS_BODY", "{}", "branch", "main"), split.parameters());
        assertEquals(Map.of("SQS_FIELD_target", "prod"), split.environment());
        assertEquals(List.of("SQS_BODY", "SQS_FIELD_branch", "SQS_FIELD_target"),
                List.copyOf(ParameterSplit.of(values, Set.of()).environment().keySet()));
    }

    /** Finding 1: in JSON mode every top-level field became an environment variable of the build. */
    @Test
    void aMessageCannotSetTheVariablesABuildReliesOn() {
        String body = "{\"LD_PRELOAD\":\"/tmp/evil.so\",\"BASH_ENV\":\"/tmp/evil.sh\",\"PATH\":\"/tmp/bin\","
                + "\"JAVA_TOOL_OPTIONS\":\"-javaagent:/tmp/evil.jar\",\"GIT_SSH_COMMAND\":\"sh /tmp/evil\","
                + "\"target\":\"prod\"}";
        Map<String, String> values = StandardMappers.JSON_FIELDS.map(new QueueMessage("id-1", "handle", body, 1, null,
                Map.of())).parameters();

        ParameterSplit split = ParameterSplit.of(values, List.of("target"));

        assertEquals(Map.of("target", "prod"), split.parameters());
        for (String dangerous : List.of("LD_PRELOAD", "BASH_ENV", "PATH", "JAVA_TOOL_OPTIONS", "GIT_SSH_COMMAND")) {
            assertFalse(split.parameters().containsKey(dangerous), dangerous + " as a parameter");
            assertFalse(split.environment().keySet().stream().anyMatch(dangerous::equalsIgnoreCase),
                    dangerous + " in the environment");
            assertTrue(split.environment().containsKey("SQS_FIELD_" + dangerous), "SQS_FIELD_" + dangerous);
        }
        assertEquals("/tmp/evil.so", split.environment().get("SQS_FIELD_LD_PRELOAD"));
        assertTrue(split.environment().keySet().stream().allMatch(name -> name.startsWith("SQS_")));
    }

    @Test
    void fieldNamesAreMadeSafeAndNamesDifferingOnlyInCaseStayApart() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("a b", "1");
        values.put("A_B", "2");
        values.put("nothing", null);
        ParameterSplit split = ParameterSplit.of(values, Set.of());
        assertEquals(Map.of("SQS_FIELD_a_b", "1", "SQS_FIELD_A_B_2", "2", "SQS_FIELD_nothing", ""),
                split.environment());
    }
}
