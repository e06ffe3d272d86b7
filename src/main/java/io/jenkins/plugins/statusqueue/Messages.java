package io.jenkins.plugins.statusqueue;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The plugin's texts from {@code Messages.properties}, written by hand because the localizer generator Jenkins
 * plugins use is not on Maven Central. Resolved in the JVM's default locale, as Jenkins' generated accessors are.
 */
final class Messages {

    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle(Messages.class.getName(), Locale.getDefault(),
            Messages.class.getClassLoader());

    private Messages() {
    }

    static String get(String key, Object... arguments) {
        return MessageFormat.format(BUNDLE.getString(key), arguments);
    }
}
