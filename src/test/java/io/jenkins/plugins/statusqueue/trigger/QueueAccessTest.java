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
        assertTrue(access.permits("team-a"));
        assertTrue(access.permits("team-a/deploy"));
        assertTrue(access.permits("team-a/web/build"));
        assertTrue(access.permits("team-b/deploy"));
        assertFalse(access.permits("team-ab/deploy"));
        assertFalse(access.permits("team-b/deploy-other"));
        assertFalse(access.permits("team-b"));
        assertFalse(access.permits("other"));
    }

    @Test
    void noEntryPermitsEveryJob() {
        assertTrue(QueueAccess.parse("").permits("anything/at/all"));
        assertTrue(QueueAccess.parse(null).permits("x"));
        assertTrue(QueueAccess.EVERY_JOB.permits("x"));
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
