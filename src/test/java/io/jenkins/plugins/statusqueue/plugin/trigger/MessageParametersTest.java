package io.jenkins.plugins.statusqueue.plugin.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import hudson.model.ParameterDefinition;
import hudson.model.ParameterValue;
import hudson.model.SimpleParameterDefinition;
import io.jenkins.plugins.statusqueue.trigger.BuildRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed parameters from a message, with parameter types written as Jenkins' own are. */
class MessageParametersTest {

    private static final class Value extends ParameterValue {
        private static final long serialVersionUID = 1L;
        final String text;

        Value(String text) {
            super("x");
            this.text = text;
        }
    }

    /** As Jenkins' choice parameter: createValue refuses what it does not offer. */
    private static final class Choice extends SimpleParameterDefinition {
        private static final long serialVersionUID = 1L;

        Choice() {
            super("target");
        }

        @Override
        public String getName() {
            return "target";
        }

        @Override
        public ParameterValue getDefaultParameterValue() {
            return new Value("staging");
        }

        @Override
        public ParameterValue createValue(String value) {
            if (!List.of("staging", "prod").contains(value)) {
                throw new IllegalArgumentException("Illegal choice for parameter target: " + value);
            }
            return new Value(value);
        }

        @Override
        public boolean isValid(ParameterValue value) {
            return true;
        }
    }

    /** As a validating string parameter whose createValue takes anything and isValid checks. */
    private static final class Digits extends SimpleParameterDefinition {
        private static final long serialVersionUID = 1L;

        Digits() {
            super("count");
        }

        @Override
        public String getName() {
            return "count";
        }

        @Override
        public ParameterValue getDefaultParameterValue() {
            return new Value("1");
        }

        @Override
        public ParameterValue createValue(String value) {
            return new Value(value);
        }

        @Override
        public boolean isValid(ParameterValue value) {
            return ((Value) value).text.matches("[0-9]+");
        }
    }

    /** A type that takes no value from text (as a file parameter). */
    private static final class Upload extends ParameterDefinition {
        private static final long serialVersionUID = 1L;

        Upload() {
            super("upload");
        }

        @Override
        public String getName() {
            return "upload";
        }

        @Override
        public ParameterValue getDefaultParameterValue() {
            return null;
        }
    }

    private final List<String> notes = new ArrayList<>();

    private List<String> texts(Map<String, String> values) throws BuildRefusedException {
        List<String> texts = new ArrayList<>();
        for (ParameterValue value : MessageParameters.of(List.of(new Choice(), new Digits(), new Upload()), values,
                notes::add)) {
            texts.add(((Value) value).text);
        }
        return texts;
    }

    @Test
    void eachValueIsTypedByItsParameterAndAMissingOneTakesTheDefault() throws Exception {
        assertEquals(List.of("prod", "42"), texts(Map.of("target", "prod", "count", "42")));
        assertEquals(List.of("staging", "1"), texts(Map.of()));
        assertEquals(List.of(), notes);
    }

    @Test
    void aValueTheParameterRefusesFailsTheMessageNamingTheParameterAndWhy() {
        BuildRefusedException choice = assertThrows(BuildRefusedException.class,
                () -> texts(Map.of("target", "evil")));
        assertEquals("parameter 'target' refused the message's value", choice.publicReason());
        assertEquals("parameter 'target' refused the value: Illegal choice for parameter target: evil",
                choice.getMessage());
        BuildRefusedException invalid = assertThrows(BuildRefusedException.class,
                () -> texts(Map.of("count", "1; rm -rf /")));
        assertEquals("parameter 'count' refused the message's value", invalid.publicReason());
    }

    @Test
    void aTypeThatTakesNoTextKeepsItsDefaultAndTheLogSaysSo() throws Exception {
        assertEquals(List.of("staging", "1"), texts(Map.of("upload", "/etc/passwd")));
        assertEquals(List.of("parameter 'upload' kept its default: its type takes no value from a message"), notes);
    }
}
