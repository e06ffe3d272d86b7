package io.jenkins.plugins.statusqueue.trigger;

import java.util.regex.Pattern;

/**
 * Queue error texts as anyone who may read a job sees them in its trigger log: AWS errors name the account, the
 * role or user and its session ("User: arn:aws:sts::123456789012:assumed-role/jenkins/i-0abc is not authorized"),
 * which only administrators should see; they keep the full text on the status page.
 */
public final class JobReaderText {

    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[^\\s\"',;()<>]*");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA)"
            + "[A-Z0-9]{12,}\\b");
    private static final Pattern ACCOUNT_ID = Pattern.compile("(?<![0-9])[0-9]{12}(?![0-9])");
    private static final Pattern PRINCIPAL = Pattern.compile("(?i)\\b(user|principal|role|identity):\\s*\\S+");

    private JobReaderText() {
    }

    /** {@code text} without ARNs, access key ids, account ids and named principals; {@code null} stays {@code null}. */
    public static String of(String text) {
        if (text == null) {
            return null;
        }
        String redacted = PRINCIPAL.matcher(text).replaceAll("$1: (hidden)");
        redacted = ARN.matcher(redacted).replaceAll("(ARN hidden)");
        redacted = ACCESS_KEY_ID.matcher(redacted).replaceAll("(access key hidden)");
        return ACCOUNT_ID.matcher(redacted).replaceAll("(account hidden)");
    }
}
