package io.jenkins.plugins.statusqueue.plugin.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.statusqueue.drain.DrainLimit;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The limits form: every field a number field whose bounds are the ones its setter checks. */
class LimitSettingsFormTest {

    private static final Path VIEW = Path.of("src/main/resources/io/jenkins/plugins/statusqueue/plugin/settings/"
            + "LimitSettings/config.jelly");
    private static final Pattern FIELD = Pattern.compile("<f:entry field=\"(\\w+)\"[^>]*>\\s*<j:set var=\"limit\" "
            + "value=\"\\$\\{descriptor.limit\\('(\\w+)'\\)}\"/>\\s*<f:number min=\"\\$\\{limit.min\\(\\)}\" "
            + "max=\"\\$\\{limit.max\\(\\)}\"");

    @Test
    void everyFieldIsANumberWithTheSettersBounds() throws Exception {
        Map<String, DrainLimit> fields = new TreeMap<>();
        Matcher matcher = FIELD.matcher(Files.readString(VIEW));
        while (matcher.find()) {
            fields.put(matcher.group(1), new LimitSettings.DescriptorImpl().limit(matcher.group(2)));
        }
        assertEquals(6, fields.size(), "number fields found: " + fields);
        for (Map.Entry<String, DrainLimit> field : fields.entrySet()) {
            String name = field.getKey();
            DrainLimit limit = field.getValue();
            Method setter = LimitSettings.class.getMethod("set" + Character.toUpperCase(name.charAt(0))
                    + name.substring(1), int.class);
            LimitSettings settings = new LimitSettings();
            setter.invoke(settings, limit.min());
            setter.invoke(settings, limit.max());
            for (int outside : new int[] {limit.min() - 1, limit.max() + 1}) {
                InvocationTargetException refused = assertThrows(InvocationTargetException.class,
                        () -> setter.invoke(settings, outside), name + " = " + outside);
                assertEquals(IllegalArgumentException.class, refused.getCause().getClass());
            }
        }
    }
}
