package io.jenkins.plugins.statusqueue.events;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme", "a", "Acme-Corp-2", "x1-y2-z3", "abcdefghijabcdefghijabcdefghijabcdefghi"})
    void ownersGitHubAllows(String owner) {
        assertNull(GitHubNames.problem(owner, "web"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-acme", "ac--me", "ac_me", "ac.me", "ac/me", "..", "%2e%2e", "acme corp", "ac\u00e9me",
        "abcdefghijabcdefghijabcdefghijabcdefghij"})
    void ownersGitHubRefuses(String owner) {
        assertTrue(GitHubNames.problem(owner, "web").startsWith("owner '"), owner);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "my.repo", "my_repo-2", ".github", "..x", "a123456789b123456789c123456789d123456789"
        + "e123456789f123456789g123456789h123456789i123456789j123456789"})
    void repositoriesGitHubAllows(String name) {
        assertNull(GitHubNames.problem("acme", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a?b", "a%2fb", "a b", "\u0000", "a123456789b123456789c123456789d123456789"
        + "e123456789f123456789g123456789h123456789i123456789j123456789k"})
    void repositoriesGitHubRefuses(String name) {
        assertTrue(GitHubNames.problem("acme", name).startsWith("repository '"), name);
    }
}
