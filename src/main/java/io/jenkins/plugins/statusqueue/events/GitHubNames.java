package io.jenkins.plugins.statusqueue.events;

import java.util.regex.Pattern;

/**
 * What GitHub allows as owner and repository names. Checked before any request, so that a name from a message can
 * never turn a status post into a request for another path.
 */
public final class GitHubNames {

    static final int MAX_OWNER = 39;
    static final int MAX_REPOSITORY = 100;
    /** Letters, digits and single hyphens, not starting with a hyphen. */
    private static final Pattern OWNER = Pattern.compile("(?!-)(?!.*--)[A-Za-z0-9-]+");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._-]+");

    private GitHubNames() {
    }

    /** Why GitHub would not accept this owner or repository name, or {@code null} when it would accept both. */
    public static String problem(String owner, String repository) {
        String problem = ownerProblem(owner);
        return problem != null ? problem : repositoryProblem(repository);
    }

    /** Why GitHub would not accept this owner (user or organization) name, or {@code null} when it would. */
    private static String ownerProblem(String owner) {
        if (owner == null || owner.isEmpty() || owner.length() > MAX_OWNER || !OWNER.matcher(owner).matches()) {
            return "owner '" + Texts.abbreviate(String.valueOf(owner), 60) + "' is not a GitHub owner name (letters, "
                    + "digits and single hyphens, not starting with a hyphen, at most " + MAX_OWNER + ")";
        }
        return null;
    }

    /** Why GitHub would not accept this repository name, or {@code null} when it would. */
    private static String repositoryProblem(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_REPOSITORY || !REPOSITORY.matcher(name).matches()
                || name.equals(".") || name.equals("..")) {
            return "repository '" + Texts.abbreviate(String.valueOf(name), 60) + "' is not a GitHub repository name "
                    + "(letters, digits, '.', '_' and '-', at most " + MAX_REPOSITORY + ", not '.' or '..')";
        }
        return null;
    }
}
