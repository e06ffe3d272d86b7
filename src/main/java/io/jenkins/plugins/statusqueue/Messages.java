package io.jenkins.plugins.statusqueue;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The plugin's user-facing texts from {@code Messages.properties} beside this class (hand-written because the
 * localizer generator is not on Maven Central). Patterns follow {@link MessageFormat}: write {@code ''} for a quote.
 */
public final class Messages {

    private static final String BUNDLE = "io.jenkins.plugins.statusqueue.Messages";

    private Messages() {
    }

    /** The text for {@code key} with {@code {0}}, {@code {1}}... replaced by {@code arguments}. */
    public static String format(String key, Object... arguments) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, Locale.getDefault(), Messages.class.getClassLoader());
        return new MessageFormat(bundle.getString(key), bundle.getLocale()).format(arguments);
    }
}
