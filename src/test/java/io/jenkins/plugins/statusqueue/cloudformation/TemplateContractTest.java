package io.jenkins.plugins.statusqueue.cloudformation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks that the bundled CloudFormation stack serves what the plugin sends. The routes and their query
 * parameters are listed once, in {@link #PLUGIN_ROUTES}.
 */
class TemplateContractTest {

    /** A route of the API and the query parameters the plugin may send it. */
    record Route(String httpMethod, String path, List<String> queryParameters) {
        @Override
        public String toString() {
            return httpMethod + " " + path;
        }
    }

    /** What the plugin calls on the API Gateway facade. */
    static final List<Route> PLUGIN_ROUTES = List.of(
            new Route("GET", "/message", List.of("MaxNumberOfMessages", "WaitTimeSeconds", "VisibilityTimeout")),
            new Route("DELETE", "/message", List.of("receiptHandle")),
            new Route("POST", "/message/delete", List.of()),
            new Route("GET", "/queue", List.of()),
            new Route("GET", "/queue/dead-letter", List.of()));

    /** The outputs of the original template, which the plugin's set-up instructions name. */
    static final List<String> ORIGINAL_OUTPUTS = List.of("Queue", "QueueUrl", "ApiUrl", "ApiKey");

    static final Path TEMPLATE = Path.of("cloudformation", "status-queue.yaml");

    private static JsonNode template;
    private static JsonNode resources;
    private static JsonNode outputs;

    @BeforeAll
    static void readTemplate() throws IOException {
        template = CloudFormationYaml.read(TEMPLATE);
        resources = template.path("Resources");
        outputs = template.path("Outputs");
    }

    /** The rule stores exactly the Buildkite events the parameters ask for: job events only for per-step statuses. */
    @Test
    void theRuleStoresTheEventsTheParametersAskFor() {
        JsonNode detailTypes = resources.path("QueueRule").path("Properties").path("EventPattern").path("detail-type");
        Map<List<String>, List<String>> expected = Map.of(
                List.of("Build Finished", "None"), List.of("Build Finished"),
                List.of("Build Started and Finished", "None"), List.of("Build Started", "Build Finished"),
                List.of("Build Finished", "Job Finished"), List.of("Build Finished", "Job Finished"),
                List.of("Build Finished", "Job Started and Finished"),
                List.of("Build Finished", "Job Started", "Job Finished"),
                List.of("Build Started and Finished", "Job Started and Finished"),
                List.of("Build Started", "Build Finished", "Job Started", "Job Finished"));
        expected.forEach((parameters, types) -> {
            Map<String, String> values = Map.of("BuildEvents", parameters.get(0), "StepEvents", parameters.get(1));
            List<String> stored = new ArrayList<>();
            evaluate(detailTypes, values).forEach(type -> stored.add(type.asText()));
            assertEquals(types, stored, parameters.toString());
        });
        assertEquals("None", template.path("Parameters").path("StepEvents").path("Default").asText(),
                "per-step events cost more: off unless asked for");
    }

    /** Evaluates the intrinsic functions a rule's pattern uses, for the given parameter values. */
    private static JsonNode evaluate(JsonNode node, Map<String, String> parameters) {
        if (node.has("Ref")) {
            return JsonNodeFactory.instance.textNode(parameters.get(node.get("Ref").asText()));
        }
        if (node.has("Condition")) {
            return evaluate(template.path("Conditions").path(node.get("Condition").asText()), parameters);
        }
        if (node.has("Fn::Equals")) {
            return JsonNodeFactory.instance.booleanNode(evaluate(node.get("Fn::Equals").get(0), parameters)
                    .equals(evaluate(node.get("Fn::Equals").get(1), parameters)));
        }
        if (node.has("Fn::Not")) {
            return JsonNodeFactory.instance.booleanNode(!evaluate(node.get("Fn::Not").get(0), parameters).asBoolean());
        }
        if (node.has("Fn::If")) {
            JsonNode arguments = node.get("Fn::If");
            boolean condition = evaluate(template.path("Conditions").path(arguments.get(0).asText()), parameters)
                    .asBoolean();
            return evaluate(arguments.get(condition ? 1 : 2), parameters);
        }
        if (node.has("Fn::Join")) {
            StringBuilder joined = new StringBuilder();
            JsonNode parts = node.get("Fn::Join").get(1);
            for (int i = 0; i < parts.size(); i++) {
                joined.append(i == 0 ? "" : node.get("Fn::Join").get(0).asText())
                        .append(evaluate(parts.get(i), parameters).asText());
            }
            return JsonNodeFactory.instance.textNode(joined.toString());
        }
        if (node.has("Fn::Split")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            String separator = node.get("Fn::Split").get(0).asText();
            for (String part : evaluate(node.get("Fn::Split").get(1), parameters).asText()
                    .split(java.util.regex.Pattern.quote(separator), -1)) {
                list.add(part);
            }
            return list;
        }
        if (node.isArray()) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> list.add(evaluate(element, parameters)));
            return list;
        }
        return node;
    }

    @Test
    void theEmulatorServesExactlyTheRoutesThePluginCalls() throws IOException {
        try (ElasticMq mq = ElasticMq.start();
                ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, mq.createQueue("contract"),
                        ApiGatewayEmulator.Stack.IMPROVED)) {
            Set<String> served = new TreeSet<>();
            api.routes().forEach(route -> served.add(route.method() + " " + route.path() + " "
                    + new TreeSet<>(route.queryParameters())));
            Set<String> called = new TreeSet<>();
            PLUGIN_ROUTES.forEach(route -> called.add(route.httpMethod() + " " + route.path() + " "
                    + new TreeSet<>(route.queryParameters())));
            assertEquals(called, served);
        }
    }

    @Test
    void everyPluginRouteExistsAndRequiresTheApiKey() {
        for (Route route : PLUGIN_ROUTES) {
            JsonNode properties = method(route).path("Properties");
            assertTrue(properties.path("ApiKeyRequired").asBoolean(false), route + " must require the API key");
            assertEquals("NONE", properties.path("AuthorizationType").asText(), route + " authorization");
        }
    }

    @Test
    void everyMethodOfTheStackRequiresTheApiKey() {
        List<String> open = new ArrayList<>();
        resources.fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if (isMethod(resource.getValue()) && !properties.path("ApiKeyRequired").asBoolean(false)) {
                open.add(resource.getKey());
            }
        });
        assertEquals(List.of(), open, "methods without the API key");
    }

    @Test
    void queryParametersReachSqs() {
        for (Route route : PLUGIN_ROUTES) {
            JsonNode method = method(route);
            String template = requestTemplate(method);
            for (String parameter : route.queryParameters()) {
                assertTrue(method.path("Properties").path("RequestParameters")
                        .has("method.request.querystring." + parameter), route + " must declare " + parameter);
                assertTrue(template.contains("$util.urlEncode($input.params('" + parameter + "'))"),
                        route + " must forward " + parameter + " url-encoded, in: " + template);
            }
        }
    }

    @Test
    void receiveForwardsTheReceiveParametersUnderTheirSqsNames() {
        String template = requestTemplate(method(PLUGIN_ROUTES.get(0)));
        assertTrue(template.startsWith("Action=ReceiveMessage&"), template);
        for (String parameter : PLUGIN_ROUTES.get(0).queryParameters()) {
            assertTrue(template.contains("&" + parameter + "=$util.urlEncode"), parameter + " in " + template);
        }
    }

    @Test
    void receiveAsksForTheAttributesThePluginReads() {
        Set<String> attributes = new TreeSet<>();
        for (String pair : requestTemplate(method(PLUGIN_ROUTES.get(0))).split("&")) {
            if (pair.startsWith("AttributeName.")) {
                attributes.add(pair.substring(pair.indexOf('=') + 1).replaceFirst("#.*", ""));
            }
        }
        assertEquals(Set.of("ApproximateReceiveCount", "SentTimestamp"), attributes);
    }

    @Test
    void deleteSendsTheReceiptHandle() {
        JsonNode method = method(PLUGIN_ROUTES.get(1));
        assertTrue(method.path("Properties").path("RequestParameters")
                .path("method.request.querystring.receiptHandle").asBoolean(false), "receiptHandle is required");
        assertEquals("Action=DeleteMessage&ReceiptHandle=$util.urlEncode($input.params('receiptHandle'))",
                requestTemplate(method));
    }

    @Test
    void batchDeleteUrlEncodesEveryEntry() {
        String template = requestTemplate(method(PLUGIN_ROUTES.get(2)));
        assertTrue(template.startsWith("Action=DeleteMessageBatch#foreach($entry in $input.path('$.Entries'))"),
                template);
        // ${velocityCount}, not $velocityCount.Id, which Velocity would read as a property of the count.
        assertTrue(template.contains("&DeleteMessageBatchRequestEntry.${velocityCount}.Id=$util.urlEncode($entry.Id)"),
                template);
        assertTrue(template.contains("&DeleteMessageBatchRequestEntry.${velocityCount}.ReceiptHandle="
                + "$util.urlEncode($entry.ReceiptHandle)"), template);
    }

    @Test
    void everySqsAnswerIsHttp200AsInTheOriginalTemplate() {
        for (Route route : PLUGIN_ROUTES) {
            JsonNode integration = method(route).path("Properties").path("Integration");
            assertEquals("AWS", integration.path("Type").asText(), route + " integration type");
            assertEquals("NEVER", integration.path("PassthroughBehavior").asText(), route + " passthrough");
            JsonNode responses = integration.path("IntegrationResponses");
            assertEquals(1, responses.size(), route + " integration responses");
            assertEquals("200", responses.get(0).path("StatusCode").asText(), route + " status");
            assertFalse(responses.get(0).has("SelectionPattern"), route + " must map every answer");
        }
    }

    @Test
    void theApiRoleMayOnlyReadAndDeleteItsQueueAndReadTheDeadLetterDepth() {
        JsonNode statements = resources.path("ApiRole").path("Properties").path("Policies").get(0)
                .path("PolicyDocument").path("Statement");
        assertEquals(2, statements.size());
        assertEquals(Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:DeleteMessageBatch",
                "sqs:GetQueueAttributes"), actions(statements.get(0)));
        assertEquals(getAtt("Queue", "Arn"), statements.get(0).path("Resource"));
        assertEquals(Set.of("sqs:GetQueueAttributes"), actions(statements.get(1)), "the dead-letter queue is read-only");
        assertEquals(getAtt("DeadLetterQueue", "Arn"), statements.get(1).path("Resource"));
    }

    /** The dead-letter resource reads the stack's dead-letter queue, nothing else, and is in the deployment. */
    @Test
    void theDeadLetterResourceReadsTheDeadLetterQueueAndIsDeployed() {
        JsonNode method = method(PLUGIN_ROUTES.get(4));
        assertTrue(requestTemplate(method).startsWith("Action=GetQueueAttributes&"), requestTemplate(method));
        assertTrue(method.path("Properties").path("Integration").path("Uri").toString()
                .contains("DeadLetterQueue"), "integration URI");
        JsonNode stage = resources.path("ApiStage").path("Properties").path("DeploymentId");
        JsonNode deployment = resources.path(stage.path("Ref").asText());
        Set<String> dependsOn = new TreeSet<>();
        deployment.path("DependsOn").forEach(name -> dependsOn.add(name.asText()));
        resources.fields().forEachRemaining(resource -> {
            if (isMethod(resource.getValue())) {
                assertTrue(dependsOn.contains(resource.getKey()), resource.getKey() + " is not in " + stage);
            }
        });
    }

    /** The direct-SQS policy lets the status page read the dead-letter queue and move its messages back. */
    @Test
    void theConsumerPolicyCoversTheDeadLetterQueue() {
        JsonNode statements = resources.path("ConsumerPolicy").path("Properties").path("PolicyDocument")
                .path("Statement");
        Set<String> onDeadLetters = new TreeSet<>();
        statements.forEach(statement -> {
            if (statement.path("Resource").equals(getAtt("DeadLetterQueue", "Arn"))) {
                onDeadLetters.addAll(actions(statement));
            }
        });
        assertEquals(Set.of("sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ListMessageMoveTasks",
                "sqs:ReceiveMessage", "sqs:StartMessageMoveTask"), onDeadLetters);
    }

    private static Set<String> actions(JsonNode statement) {
        Set<String> actions = new TreeSet<>();
        statement.path("Action").forEach(action -> actions.add(action.asText()));
        return actions;
    }

    @Test
    void theOriginalOutputsAreKept() {
        for (String output : ORIGINAL_OUTPUTS) {
            assertTrue(outputs.path(output).has("Value"), "output " + output);
        }
        assertEquals(getAtt("Queue", "Arn"), outputs.path("Queue").path("Value"));
        assertEquals(ref("Queue"), outputs.path("QueueUrl").path("Value"));
        assertEquals(ref("ApiKey"), outputs.path("ApiKey").path("Value"));
        String apiUrl = outputs.path("ApiUrl").path("Value").path("Fn::Sub").asText();
        assertTrue(apiUrl.matches("https://\\$\\{Api}\\.execute-api\\.\\$\\{AWS::Region}\\..*/\\$\\{ApiStage}/"),
                apiUrl);
        assertEquals("Prod", resources.path("ApiStage").path("Properties").path("StageName").asText());
        assertTrue(outputs.path("ApiKeyValueCommand").path("Value").path("Fn::Sub").asText()
                .startsWith("aws apigateway get-api-key --api-key ${ApiKey} --include-value --query value"));
    }

    @Test
    void shortFormsBecomeIntrinsicFunctions() throws IOException {
        JsonNode node = CloudFormationYaml.read("a: !GetAtt Queue.Arn\nb: !If [C, !Ref X, !Sub '${Y}']\n");
        assertEquals(getAtt("Queue", "Arn"), node.get("a"));
        assertEquals("{\"Fn::If\":[\"C\",{\"Ref\":\"X\"},{\"Fn::Sub\":\"${Y}\"}]}", node.get("b").toString());
        IOException typo = null;
        try {
            CloudFormationYaml.read("a: !GetAt Queue.Arn\n");
        } catch (IOException e) {
            typo = e;
        }
        assertNotNull(typo, "an unknown tag must be an error");
    }

    /** The method serving a route, found through the resource tree (PathPart and ParentId). */
    private static JsonNode method(Route route) {
        List<JsonNode> found = new ArrayList<>();
        resources.forEach(resource -> {
            JsonNode properties = resource.path("Properties");
            if (isMethod(resource) && route.httpMethod().equals(properties.path("HttpMethod").asText())
                    && route.path().equals(path(properties.path("ResourceId")))) {
                found.add(resource);
            }
        });
        if (found.size() != 1) {
            fail(route + " is served by " + found.size() + " methods");
        }
        return found.get(0);
    }

    private static boolean isMethod(JsonNode resource) {
        return "AWS::ApiGateway::Method".equals(resource.path("Type").asText());
    }

    private static String path(JsonNode resourceId) {
        if (resourceId.has("Fn::GetAtt")) {
            assertEquals("RootResourceId", resourceId.get("Fn::GetAtt").get(1).asText());
            return "";
        }
        JsonNode properties = resources.path(resourceId.path("Ref").asText()).path("Properties");
        assertTrue(properties.has("PathPart"), "not an API resource: " + resourceId);
        return path(properties.path("ParentId")) + "/" + properties.path("PathPart").asText();
    }

    private static String requestTemplate(JsonNode method) {
        JsonNode template = method.path("Properties").path("Integration").path("RequestTemplates")
                .path("application/json");
        assertTrue(template.isTextual(), "request template of " + method);
        return template.asText();
    }

    private static JsonNode ref(String name) {
        return JsonNodeFactory.instance.objectNode().put("Ref", name);
    }

    private static JsonNode getAtt(String resource, String attribute) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putArray("Fn::GetAtt").add(resource).add(attribute);
        return node;
    }

    /** Reads CloudFormation YAML, turning the short forms ({@code !Ref X}) into the long ones ({@code {"Ref": "X"}}). */
    static final class CloudFormationYaml {

        private static final YAMLFactory YAML = new YAMLFactory();
        private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
        private static final Set<String> FUNCTIONS = Set.of("And", "Base64", "Cidr", "Equals", "FindInMap", "GetAtt",
                "GetAZs", "If", "ImportValue", "Join", "Not", "Or", "Select", "Split", "Sub");
        private static final Map<String, String> UNPREFIXED = Map.of("Ref", "Ref", "Condition", "Condition");

        static JsonNode read(Path file) throws IOException {
            try (YAMLParser parser = YAML.createParser(file.toFile())) {
                return readDocument(parser);
            }
        }

        static JsonNode read(String yaml) throws IOException {
            try (YAMLParser parser = YAML.createParser(yaml)) {
                return readDocument(parser);
            }
        }

        private static JsonNode readDocument(YAMLParser parser) throws IOException {
            parser.nextToken();
            return readValue(parser);
        }

        private static JsonNode readValue(YAMLParser parser) throws IOException {
            String tag = parser.getTypeId();
            JsonToken token = parser.currentToken();
            JsonNode value = switch (token) {
                case START_OBJECT -> {
                    ObjectNode object = NODES.objectNode();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        parser.nextToken();
                        if (object.replace(name, readValue(parser)) != null) {
                            throw new IOException("duplicate key " + name + " at " + parser.currentLocation());
                        }
                    }
                    yield object;
                }
                case START_ARRAY -> {
                    ArrayNode array = NODES.arrayNode();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        array.add(readValue(parser));
                    }
                    yield array;
                }
                case VALUE_STRING -> NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> NODES.numberNode(parser.getLongValue());
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(parser.getBooleanValue());
                case VALUE_NULL -> NODES.nullNode();
                default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation());
            };
            return tag == null ? value : intrinsic(tag, value, parser);
        }

        private static JsonNode intrinsic(String tag, JsonNode value, YAMLParser parser) throws IOException {
            String name = tag.replaceFirst("^!", "");
            ObjectNode node = NODES.objectNode();
            if (UNPREFIXED.containsKey(name)) {
                node.set(name, value);
            } else if (!FUNCTIONS.contains(name)) {
                throw new IOException("unknown tag " + tag + " at " + parser.currentLocation());
            } else if (name.equals("GetAtt") && value.isTextual()) {
                String[] parts = value.asText().split("\\.", 2);
                ArrayNode arguments = node.putArray("Fn::GetAtt");
                for (String part : parts) {
                    arguments.add(part);
                }
            } else {
                node.set("Fn::" + name, value);
            }
            return node;
        }
    }
}
