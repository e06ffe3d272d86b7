package io.jenkins.plugins.statusqueue.events;

/**
 * Makes untrusted text safe to keep: to show on a page, to write in the history's JSON and the journal's lines, and
 * to encode in UTF-8, which a lone surrogate (a JSON {@code \ud800} escape) cannot be.
 */
public final class Texts {

    /** What stands in for a character that cannot be kept. */
    static final char REPLACEMENT = '\uFFFD';

    private Texts() {
    }

    /**
     * The text with every unpaired surrogate and every control character (C0, DEL, C1; tabs and line breaks too)
     * replaced by U+FFFD; {@code null} stays {@code null}.
     */
    public static String clean(String text) {
        if (text == null || isClean(text)) {
            return text;
        }
        StringBuilder cleaned = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                cleaned.append(c).append(text.charAt(++i));
            } else {
                cleaned.append(Character.isSurrogate(c) || Character.isISOControl(c) ? REPLACEMENT : c);
            }
        }
        return cleaned.toString();
    }

    private static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** How many bytes the text takes in UTF-8, counting no further than {@code limit + 1}. */
    public static long utf8Length(String text, long limit) {
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= limit; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * A text that is only shown, cut to at most {@code max} characters with an ellipsis when longer; a surrogate pair
     * is never split.
     */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }

    /** The start of a text for a message: at most {@code max} characters, cleaned. */
    public static String abbreviate(String text, int max) {
        String cleaned = clean(text);
        return cleaned.length() <= max ? cleaned : cleaned.substring(0, max - 3) + "...";
    }
}
