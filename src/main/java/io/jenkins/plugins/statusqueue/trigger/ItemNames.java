package io.jenkins.plugins.statusqueue.trigger;

/** Jenkins full names ({@code folder/sub/job}) as they move: a rename or move takes everything below along. */
final class ItemNames {

    private ItemNames() {
    }

    static boolean isAtOrBelow(String name, String ancestor) {
        return name.equals(ancestor) || name.startsWith(ancestor + "/");
    }

    /** The new name of {@code name} after {@code oldName} became {@code newName}, or {@code null} if it did not move. */
    static String moved(String name, String oldName, String newName) {
        return isAtOrBelow(name, oldName) ? newName + name.substring(oldName.length()) : null;
    }
}
