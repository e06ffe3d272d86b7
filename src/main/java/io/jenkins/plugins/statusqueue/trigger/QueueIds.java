package io.jenkins.plugins.statusqueue.trigger;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import java.util.regex.Pattern;

/** The id by which jobs name a trigger queue: short, stable, and safe in a Jenkinsfile and a URL. */
public final class QueueIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private QueueIds() {
    }

    public static FieldCheck check(String id) {
        String value = id == null ? "" : id.trim();
        if (value.isEmpty()) {
            return FieldCheck.error("Enter an id, for example builds; jobs name the queue by it.");
        }
        if (!ID.matcher(value).matches()) {
            return FieldCheck.error("An id is 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or "
                    + "digit.");
        }
        return FieldCheck.ok();
    }
}
