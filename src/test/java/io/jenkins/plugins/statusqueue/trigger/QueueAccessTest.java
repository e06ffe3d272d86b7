package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueAccessTest {

    @Test
    void aFolderPermitsEverythingInsideItAndNothingNamedLikeIt() {
        QueueAccess access = QueueAccess.parse(" team-a/ \n\n team-b/deploy, team-a");
        assertEquals(List.of("team-a", "team-b/deploy"), access.entries());
        assertTrue(access.permits("team-a", false));
        assertTrue(access.permits("team-a/deploy", false));
        assertTrue(access.permits("team-a/web/build", false));
        assertTrue(access.permits("team-b/deploy", false));
        assertFalse(access.permits("team-ab/deploy", false));
        assertFalse(access.permits("team-b/deploy-other", false));
        assertFalse(access.permits("team-b", false));
        assertFalse(access.permits("other", false));
    }

    @Test
    void noEntryPermitsNoJobAndAStarEveryJobOnPurpose() {
        assertFalse(QueueAccess.parse("").permits("anything/at/all", false));
        assertFalse(QueueAccess.parse(null).permits("x", false));
        assertTrue(QueueAccess.parse("*").permits("anything/at/all", false));
        assertTrue(QueueAccess.parse("other\n*").permits("x", false));
    }

    @Test
    void aBranchJobThatAPushCreatedIsPermittedOnlyByItsOwnName() {
        QueueAccess access = QueueAccess.parse("team-a\nteam-b/repo/main\n*");
        assertFalse(access.permits("team-a/repo/feature-x", true), "its folder is not enough");
        assertFalse(access.permits("elsewhere/repo/PR-1", true), "nor is *");
        assertTrue(access.permits("team-b/repo/main", true));
        assertTrue(access.permits("team-a/repo", false), "a job a person made is permitted by its folder");
    }

    @Test
    void idsAreShortAndSafe() {
        assertEquals(FieldCheck.Level.OK, QueueIds.check("builds").level());
        assertEquals(FieldCheck.Level.OK, QueueIds.check("team-a.deploys_2").level());
        assertTrue(QueueIds.check("").isError());
        assertTrue(QueueIds.check("has space").isError());
        assertTrue(QueueIds.check("-leading").isError());
        assertTrue(QueueIds.check("x".repeat(65)).isError());
    }
}
